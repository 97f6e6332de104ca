import { AlertIngest, type AlertIngestResult } from "../../server/alerts/ingest-contracts.ts";
import type { GatewayConfig, Heartbeat } from "../../server/live/contracts.ts";
import { GatewayConfig as GatewayConfigSchema, Heartbeat as HeartbeatSchema } from "../../server/live/contracts.ts";
import { GbDeviceReport } from "../../server/gb28181/contracts.ts";
import { ApiRequestError, type ControlPlane, DeviceTokenRejected } from "./api-client.ts";

/**
 * A control plane without the API: a configuration given in code (e.g. with a LiveKit token minted
 * locally) and heartbeats kept in memory. For tests and bench runs; both sides are still checked
 * against the contracts.
 */
export class FixedControlPlane implements ControlPlane {
  readonly heartbeats: Heartbeat[] = [];
  /** alerts received, de-duplicated by idempotency key like the API */
  readonly alerts: AlertIngest[] = [];
  /** GB/T 28181 device reports received */
  readonly gbReports: GbDeviceReport[] = [];
  /** answer alerts as if the API were unreachable */
  alertsUnreachable = false;
  fetches = 0;
  /** answer like the API does for a revoked device token */
  refused = false;

  constructor(private config: GatewayConfig | (() => Promise<GatewayConfig>)) {}

  setConfig(config: GatewayConfig): void {
    this.config = config;
  }

  async fetchConfig(): Promise<GatewayConfig> {
    this.fetches++;
    if (this.refused) throw new DeviceTokenRejected("GET /api/v1/gateway/config: HTTP 401 (unauthorized)", 401);
    const config = typeof this.config === "function" ? await this.config() : this.config;
    return GatewayConfigSchema.parse(config);
  }

  async sendHeartbeat(body: Heartbeat): Promise<void> {
    if (this.refused) throw new DeviceTokenRejected("POST /api/v1/gateway/heartbeat: HTTP 401 (unauthorized)", 401);
    this.heartbeats.push(HeartbeatSchema.parse(body));
  }

  async sendGbDevice(body: GbDeviceReport): Promise<void> {
    if (this.refused) throw new DeviceTokenRejected("POST /api/v1/gateway/gb28181: HTTP 401 (unauthorized)", 401);
    this.gbReports.push(GbDeviceReport.parse(body));
  }

  async sendAlert(body: AlertIngest): Promise<AlertIngestResult> {
    if (this.refused) throw new DeviceTokenRejected("POST /api/v1/gateway/alerts: HTTP 401 (unauthorized)", 401);
    if (this.alertsUnreachable) throw new ApiRequestError("POST /api/v1/gateway/alerts: API unreachable (fixed control plane)", null);
    const alert = AlertIngest.parse(body);
    const index = this.alerts.findIndex((a) => a.idempotencyKey === alert.idempotencyKey);
    if (index >= 0) return { alertId: `alr_fixed${String(index).padStart(6, "0")}`, duplicate: true };
    this.alerts.push(alert);
    return { alertId: `alr_fixed${String(this.alerts.length - 1).padStart(6, "0")}`, duplicate: false };
  }
}
