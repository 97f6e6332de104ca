import type { GatewayConfig, Heartbeat } from "../../server/contracts/live.ts";
import { GatewayConfig as GatewayConfigSchema, Heartbeat as HeartbeatSchema } from "../../server/contracts/live.ts";
import { type ControlPlane, DeviceTokenRejected } from "./api-client.ts";

/**
 * A control plane without the API: a configuration given in code (e.g. with a LiveKit token minted
 * locally) and heartbeats kept in memory. For tests and bench runs; both sides are still checked
 * against the contracts.
 */
export class FixedControlPlane implements ControlPlane {
  readonly heartbeats: Heartbeat[] = [];
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
}
