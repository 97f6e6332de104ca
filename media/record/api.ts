import { ErrorEnvelope } from "../../server/contracts/common.ts";
import { Ok } from "../../server/contracts/common.ts";
import { type AnchorBatch, AnchorResult, type ChallengeAnswer, ChallengeList, ChallengeResult } from "../../server/record/contracts.ts";
import { GatewayClipList, type GatewayClipUpload } from "../../server/record/clip-contracts.ts";
import { z } from "zod";

/** The API's recording endpoints as the gateway uses them (device token). */
export interface RecordPlane {
  sendAnchors(batch: AnchorBatch): Promise<z.infer<typeof AnchorResult>>;
  challenges(): Promise<z.infer<typeof ChallengeList>>;
  answer(id: string, body: z.infer<typeof ChallengeAnswer>): Promise<z.infer<typeof ChallengeResult>>;
  /** a playback ended here (unwatched, recording ran out, failed, refused over PLAYBACK_MAX) */
  playbackEnded?(id: string, body: { reason: "unwatched" | "ended" | "failed" | "refused"; detail?: string }): Promise<unknown>;
  /** the evidence clips this gateway is asked to cut (issue 19 item 5) */
  clips?(): Promise<z.infer<typeof GatewayClipList>>;
  uploadClip?(id: string, body: GatewayClipUpload): Promise<{ id: string; status: string }>;
}

export function apiRecordPlane(o: { apiUrl: string; deviceToken: () => string; fetch?: typeof fetch; timeoutMs?: number }): RecordPlane {
  const base = o.apiUrl.replace(/\/+$/, "");
  const doFetch = o.fetch ?? fetch;
  async function call<T extends z.ZodType>(method: "GET" | "POST", path: string, schema: T, body?: unknown): Promise<z.infer<T>> {
    const res = await doFetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${o.deviceToken()}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
    });
    const json: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const env = ErrorEnvelope.safeParse(json);
      throw new Error(`${method} ${path}: HTTP ${res.status}${env.success ? ` (${env.data.error.code}: ${env.data.error.message})` : ""}`);
    }
    return schema.parse(json);
  }
  return {
    sendAnchors: (batch) => call("POST", "/api/v1/gateway/recordings/anchors", AnchorResult, batch),
    challenges: () => call("GET", "/api/v1/gateway/recordings/challenges", ChallengeList),
    answer: (id, body) => call("POST", `/api/v1/gateway/recordings/challenges/${encodeURIComponent(id)}`, ChallengeResult, body),
    playbackEnded: (id, body) => call("POST", `/api/v1/gateway/playbacks/${encodeURIComponent(id)}/ended`, Ok, body),
    clips: () => call("GET", "/api/v1/gateway/clips", GatewayClipList),
    uploadClip: (id, body) => call("POST", `/api/v1/gateway/clips/${encodeURIComponent(id)}`, z.object({ id: z.string(), status: z.string() }), body),
  };
}
