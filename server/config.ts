import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { AlertType } from "./alerts/ingest-contracts.ts";
import { parseAlertDeadlines } from "./alerts/rules.ts";
import { parseTrustedProxies } from "./http/client-address.ts";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Everything configurable, read from environment variables once at start (see README's table). */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string;
  databaseAuthToken?: string;
  libsqlSyncUrl?: string;
  mediaDir: string;
  clientDist: string;
  sessionTtlMs: number;
  /** send the session cookie with `Secure` (set when served over https) */
  secureCookies: boolean;
  /** failed logins per (username, client address) and per client address before 429, and the window they count in */
  loginThrottle: { maxFailures: number; maxFailuresPerAddress: number; windowMs: number };
  /** proxies whose X-Forwarded-For is believed (TRUST_PROXY: addresses and CIDRs) */
  trustedProxies: ReturnType<typeof parseTrustedProxies>;
  /** origins besides the API's own host whose pages may send cookie-authenticated writes (ALLOWED_ORIGINS) */
  allowedOrigins: string[];
  /** seed the demo data into an empty database at start */
  seedDemo: boolean;
  /**
   * The Redis a LiveKit cluster shares (REDIS_URL, redis://host:port): the API keeps nothing there; it reports in
   * /healthz whether it answers (a cluster without Redis places no new room) and pins rooms back to their nodes
   * after Redis restarted empty (server/live/room-pins.ts). Unset: a single LiveKit node.
   */
  redisUrl: string | undefined;
  /** how often this instance checks whether Redis forgot the rooms' nodes, with REDIS_URL (0: never) */
  roomPinMs: number;
  /** null: no LiveKit configured (live features answer 503) */
  livekit: LiveKitConfig | null;
  /** how often this instance runs the overdue sweep of orders (0: never) */
  orderSweepMs: number;
  /** how often districts are checked against their patrol plans (0: never) */
  patrolSweepMs: number;
  /** disposal deadline in minutes per alert type (ALERT_DEADLINES over the default table) */
  alertDeadlines: Record<AlertType, number>;
  /** how often this instance runs the escalation sweep of alerts (0: never, e.g. in tests that run it by hand) */
  alertSweepMs: number;
  /** how often the regions' overviews of this month are precomputed (issue 16; 0: never, computed on request) */
  overviewRefreshMs: number;
  /** the risk sweep's interval (issue 16 item 6): risk of the day, red warnings opened, stepped and flagged */
  riskSweepMs: number;
  /** how long a district's regulators have to act on a red warning before the level above is told (第一时间: 48 h) */
  riskActionMs: number;
  /** raw sensor readings are kept this many days (issue 17); the hourly roll-up is kept for good */
  sensorRawRetentionDays: number;
  /** how often this instance deletes raw sensor readings past their retention (0: never) */
  sensorPruneMs: number;
  /** the day of the month the monthly report is generated and kept (seed 002: by the 25th) */
  overviewReportDay: number;
  /** how often this instance looks for viewing sessions to remind their invited parents of (0: never) */
  viewingReminderMs: number;
  /** how often the API challenges every camera's recording (issue 19): a random anchored segment each */
  recordChallengeMs: number;
  playbackMax: number;
  /** heartbeats per gateway: a burst, then so many a minute; past it 429 with Retry-After (issue 18) */
  heartbeatThrottle: { burst: number; perMinute: number };
  /**
   * Alert ingests this instance works on at once before it sheds the next with 503 and Retry-After (issue 18):
   * a burst waits in the gateways' on-disk queues instead of piling up in this process (0: never shed).
   */
  alertIngestMaxInFlight: number;
  /** the Retry-After of a shed alert, in seconds */
  alertShedRetryAfterS: number;
  /** how often this instance runs the retention sweep (0: never), and what it keeps (server/retention/rules.ts) */
  retentionSweepMs: number;
  retention: { cameraEventsKeepDays: number; sessionKeepDays: number };
  /** the shared test photos and clips (licensed, never copied into the repo); the demo's AI camera shows one */
  testdataDir: string;
  /** seed the demo's AI抓拍 camera (a photo of a cook, treated as an after-hours intrusion) */
  demoAiCamera: boolean;
  /** the demo's ONVIF PTZ camera (issue 17): an onvif:// source of the simulator `npm start` runs; unset: none */
  demoOnvifCamera: string | null;
  /**
   * The food-safety map's outlines (issue 16 item 7): a GeoJSON FeatureCollection file of region outlines whose
   * features carry a GB/T 2260 code (`code` or `adcode`) and a `name` — the customer's official map. Unset: the
   * product's illustrative (示意) outlines of the demo's districts.
   */
  mapGeojsonFile: string | undefined;
  /** the official map's approval number (审图号), shown on the map beside it */
  mapApprovalNo: string | undefined;
}

export interface LiveKitConfig {
  /** ws://… as the API reaches it */
  url: string;
  /** ws(s)://… as browsers and gateways reach it */
  publicUrl: string;
  apiKey: string;
  apiSecret: string;
}

type Env = Record<string, string | undefined>;

/** A whole number ≥ 1 from the environment, or the default when unset or not one. */
const positive = (value: string | undefined, fallback: number) => {
  const n = Math.floor(Number(value ?? fallback));
  return Number.isFinite(n) && n >= 1 ? n : fallback;
};

export function loadConfig(env: Env): AppConfig {
  return {
    port: Number(env.PORT ?? 8000),
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL ?? "file:./data/mcll.db",
    databaseAuthToken: env.DATABASE_AUTH_TOKEN || undefined,
    libsqlSyncUrl: env.LIBSQL_SYNC_URL || undefined,
    mediaDir: env.MEDIA_DIR ?? "./data/media",
    clientDist: env.CLIENT_DIST ?? "./client/dist",
    sessionTtlMs: Number(env.SESSION_TTL_HOURS ?? 12) * 3600_000,
    secureCookies: env.SECURE_COOKIES === "1",
    loginThrottle: {
      maxFailures: Number(env.LOGIN_MAX_FAILURES ?? 5),
      maxFailuresPerAddress: Number(env.LOGIN_MAX_FAILURES_PER_ADDRESS ?? 20),
      windowMs: Number(env.LOGIN_WINDOW_MINUTES ?? 15) * 60_000,
    },
    trustedProxies: parseTrustedProxies(env.TRUST_PROXY),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? "").split(",").map((o) => o.trim().replace(/\/$/, "")).filter(Boolean),
    seedDemo: env.SEED_DEMO !== "0",
    redisUrl: env.REDIS_URL?.trim() || undefined,
    roomPinMs: Number(env.ROOM_PIN_SECONDS ?? 1) * 1000,
    livekit:
      env.LIVEKIT_URL && env.LIVEKIT_API_KEY && env.LIVEKIT_API_SECRET
        ? { url: env.LIVEKIT_URL, publicUrl: env.LIVEKIT_PUBLIC_URL || env.LIVEKIT_URL, apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET }
        : null,
    orderSweepMs: Number(env.ORDER_SWEEP_SECONDS ?? 60) * 1000,
    patrolSweepMs: Number(env.PATROL_SWEEP_SECONDS ?? 3600) * 1000,
    alertDeadlines: parseAlertDeadlines(env.ALERT_DEADLINES),
    alertSweepMs: Number(env.ALERT_SWEEP_SECONDS ?? 30) * 1000,
    overviewRefreshMs: Number(env.OVERVIEW_REFRESH_SECONDS ?? 300) * 1000,
    riskSweepMs: Number(env.RISK_SWEEP_SECONDS ?? 3600) * 1000,
    riskActionMs: Number(env.RISK_ACTION_HOURS ?? 48) * 3_600_000,
    sensorRawRetentionDays: Math.min(3650, Math.max(2, Math.floor(Number(env.SENSOR_RAW_RETENTION_DAYS ?? 35)) || 35)),
    sensorPruneMs: Number(env.SENSOR_PRUNE_SECONDS ?? 3600) * 1000,
    overviewReportDay: Math.min(28, Math.max(1, Math.floor(Number(env.OVERVIEW_REPORT_DAY ?? 25)) || 25)),
    recordChallengeMs: Number(env.RECORD_CHALLENGE_SECONDS ?? 3600) * 1000,
    /** playbacks one gateway runs at once (issue 19); the gateway reads the same variable */
    playbackMax: Math.max(1, Math.floor(Number(env.PLAYBACK_MAX ?? 2)) || 2),
    heartbeatThrottle: { burst: positive(env.HEARTBEAT_BURST, 20), perMinute: positive(env.HEARTBEAT_PER_MINUTE, 20) },
    alertIngestMaxInFlight: Math.max(0, Math.floor(Number(env.ALERT_INGEST_MAX_INFLIGHT ?? 32)) || 0),
    alertShedRetryAfterS: positive(env.ALERT_SHED_RETRY_AFTER_S, 5),
    retentionSweepMs: Number(env.RETENTION_SWEEP_SECONDS ?? 3600) * 1000,
    retention: { cameraEventsKeepDays: positive(env.CAMERA_EVENTS_KEEP_DAYS, 400), sessionKeepDays: positive(env.SESSION_KEEP_DAYS, 30) },
    viewingReminderMs: Number(env.VIEWING_REMINDER_SECONDS ?? 60) * 1000,
    testdataDir: resolve(env.TESTDATA_DIR ?? join(REPO_ROOT, "..", "shared", "testdata")),
    demoAiCamera: env.DEMO_AI_CAMERA !== "0",
    demoOnvifCamera: env.DEMO_ONVIF_CAMERA?.startsWith("onvif://") ? env.DEMO_ONVIF_CAMERA : null,
    mapGeojsonFile: env.MAP_GEOJSON_FILE ? resolve(env.MAP_GEOJSON_FILE) : undefined,
    mapApprovalNo: env.MAP_APPROVAL_NO?.trim() || undefined,
  };
}
