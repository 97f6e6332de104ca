import { dirname, join } from "node:path";
import { MIN_RETENTION_DAYS, parseRetentionDays } from "./retention.ts";

/**
 * Recording settings of a gateway, from the environment:
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | RECORD | record every camera: on / off | on |
 * | RECORD_DIR | the recordings folder (one folder per camera: segments, chain.jsonl; anchors.json) | `recordings/` beside GATEWAY_TOKEN_FILE, else ./data/recordings |
 * | RECORD_SEGMENT_S | segment length, seconds (2–300); boundaries on wall-clock multiples | 10 |
 * | RECORD_RETENTION_DAYS | days kept (≥ 7, seed 000 第十四条) | 7 |
 * | RECORD_MAX_BYTES | disk budget of all cameras together | 200 GB |
 * | RECORD_ANCHOR_S | how often the chain heads go to the API (≤ 3600) | 3600 |
 * | RECORD_POLL_S | how often undelivered anchors are retried and challenges fetched | 30 |
 */
export interface RecordSettings {
  dir: string;
  segmentSeconds: number;
  retentionDays: number;
  maxBytes: number;
  anchorEveryMs: number;
  pollMs: number;
}

function whole(env: Record<string, string | undefined>, name: string, min: number, max: number, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name}=${raw}: a whole number from ${min} to ${max}`);
  return n;
}

/** null when RECORD=off; throws with a clear message on a bad value (RECORD_RETENTION_DAYS below 7 among them). */
export function loadRecordSettings(env: Record<string, string | undefined>): RecordSettings | null {
  const on = env.RECORD ?? "on";
  if (on !== "on" && on !== "off") throw new Error(`RECORD=${on}: on or off`);
  if (on === "off") return null;
  const beside = env.GATEWAY_TOKEN_FILE && !env.GATEWAY_TOKEN ? join(dirname(env.GATEWAY_TOKEN_FILE), "recordings") : "./data/recordings";
  return {
    dir: env.RECORD_DIR || beside,
    segmentSeconds: whole(env, "RECORD_SEGMENT_S", 1, 300, 10),
    retentionDays: parseRetentionDays(env.RECORD_RETENTION_DAYS),
    maxBytes: whole(env, "RECORD_MAX_BYTES", 1_000_000, Number.MAX_SAFE_INTEGER, 200 * 1000 ** 3),
    anchorEveryMs: whole(env, "RECORD_ANCHOR_S", 1, 3600, 3600) * 1000,
    pollMs: whole(env, "RECORD_POLL_S", 1, 3600, 30) * 1000,
  };
}

export { MIN_RETENTION_DAYS };
