import { SensorPayload, type BatchReading } from "../../server/sensors/contracts.ts";

/**
 * One MQTT message → a reading of a known sensor, or the reason it is dropped (pure). Nothing a sensor sends can
 * throw: a payload that is not JSON, not a reading, or out of physical range is counted and dropped.
 */
export type DropReason = "unknown_topic" | "not_json" | "not_a_reading" | "out_of_range";
export type Parsed = { ok: true; reading: BatchReading } | { ok: false; reason: DropReason; detail: string };

const RANGE_PATHS = new Set(["temperatureC", "humidityPct"]);

export function parseMessage(topics: ReadonlyMap<string, string>, topic: string, payload: Uint8Array, receivedAt: number): Parsed {
  const sensorId = topics.get(topic);
  if (!sensorId) return { ok: false, reason: "unknown_topic", detail: topic };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch {
    return { ok: false, reason: "not_json", detail: `${topic}: ${payload.byteLength} bytes that are not JSON` };
  }
  const parsed = SensorPayload.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // a number beyond what a probe can read is a broken sensor, not a malformed message: counted apart
    const range = (issue.code === "too_big" || issue.code === "too_small") && RANGE_PATHS.has(String(issue.path[0]));
    return { ok: false, reason: range ? "out_of_range" : "not_a_reading", detail: `${topic}: ${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  const p = parsed.data;
  const at = p.at === undefined ? receivedAt : typeof p.at === "number" ? p.at : Date.parse(p.at);
  return {
    ok: true,
    reading: { sensorId, at: new Date(at).toISOString(), ...(p.temperatureC === undefined ? {} : { temperatureC: p.temperatureC }), ...(p.humidityPct === undefined ? {} : { humidityPct: p.humidityPct }), ...(p.on === undefined ? {} : { on: p.on }) },
  };
}
