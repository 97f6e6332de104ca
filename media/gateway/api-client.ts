import { z } from "zod";
import { ErrorEnvelope } from "../../server/contracts/common.ts";
import { AlertIngest, AlertIngestResult } from "../../server/alerts/ingest-contracts.ts";
import { GatewayConfig, Heartbeat, HeartbeatResult } from "../../server/live/contracts.ts";
import { BatchResult, GatewaySensors, ReadingBatch } from "../../server/sensors/contracts.ts";
import { GbDeviceReport, GbDeviceReportResult } from "../../server/gb28181/contracts.ts";

/** Where the gateway gets its configuration and sends camera status (the API, or a fixed config in tests). */
export interface ControlPlane {
  fetchConfig(): Promise<GatewayConfig>;
  /** the answer, or nothing from a control plane without one (fixed-control) */
  sendHeartbeat(body: Heartbeat): Promise<HeartbeatResult | void>;
  /** an AI alert (AI抓拍); the API de-duplicates by idempotencyKey */
  sendAlert(body: AlertIngest): Promise<AlertIngestResult>;
  /** a GB/T 28181 device registered, went offline, or answered the catalog (issue 17) */
  sendGbDevice(body: GbDeviceReport): Promise<void>;
}

/** The sensors' side (issue 17): the topics to subscribe to, and batches of readings. */
export interface SensorApi {
  fetchSensors(): Promise<GatewaySensors>;
  sendReadings(batch: ReadingBatch): Promise<BatchResult>;
}

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    /** the API's Retry-After (429 throttled, 503 shed) in ms; null when it sent none */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Retry-After as delay-seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // an HTTP date names its weekday and month (Date.parse alone would take "-3" for a year)
  const at = /[a-z]{3}/i.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** 401: the device token is unknown or revoked. */
export class DeviceTokenRejected extends ApiRequestError {}

export interface ApiClientOptions {
  /** e.g. http://127.0.0.1:8000 */
  apiUrl: string;
  /** the device token, read on every request (so a re-provisioned token file is picked up) */
  deviceToken: () => string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

function describeMismatch(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

/** One request to the API with the device token, its answer checked against the contract (errors as ApiRequestError). */
function apiCaller(o: ApiClientOptions) {
  const base = o.apiUrl.replace(/\/+$/, "");
  const doFetch = o.fetch ?? fetch;

  async function call<T extends z.ZodType>(method: "GET" | "POST", path: string, schema: T, body?: unknown): Promise<z.infer<T>> {
    const url = `${base}${path}`;
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers: { authorization: `Bearer ${o.deviceToken()}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
    } catch (err) {
      const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      throw new ApiRequestError(`${method} ${path}: API unreachable (${cause})`, null);
    }
    const text = await res.text().catch(() => "");
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: reported below */
    }
    if (!res.ok) {
      const envelope = ErrorEnvelope.safeParse(json);
      const detail = envelope.success ? `${envelope.data.error.code}: ${envelope.data.error.message}` : text.slice(0, 200) || res.statusText;
      const message = `${method} ${path}: HTTP ${res.status} (${detail})`;
      throw res.status === 401 ? new DeviceTokenRejected(message, 401) : new ApiRequestError(message, res.status, retryAfterMs(res.headers.get("retry-after")));
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ApiRequestError(`${method} ${path}: the response does not match the contract: ${describeMismatch(parsed.error)}`, res.status);
    return parsed.data;
  }
  return call;
}

/** The API's `/api/v1/gateway/*` endpoints, every response checked against the shared zod contracts. */
export function apiControlPlane(o: ApiClientOptions): ControlPlane {
  const call = apiCaller(o);
  return {
    fetchConfig: () => call("GET", "/api/v1/gateway/config", GatewayConfig),
    sendHeartbeat: (body) => call("POST", "/api/v1/gateway/heartbeat", HeartbeatResult, Heartbeat.parse(body)),
    sendAlert: (body) => call("POST", "/api/v1/gateway/alerts", AlertIngestResult, AlertIngest.parse(body)),
    async sendGbDevice(body) {
      await call("POST", "/api/v1/gateway/gb28181", GbDeviceReportResult, GbDeviceReport.parse(body));
    },
  };
}

/** The sensors' endpoints (issue 17): the topics to subscribe to, and batches of readings. */
export function sensorApi(o: ApiClientOptions): SensorApi {
  const call = apiCaller(o);
  return {
    fetchSensors: () => call("GET", "/api/v1/gateway/sensors", GatewaySensors),
    sendReadings: (batch) => call("POST", "/api/v1/gateway/sensors/readings", BatchResult, ReadingBatch.parse(batch)),
  };
}
