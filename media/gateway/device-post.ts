import type { z } from "zod";
import { ErrorEnvelope, Ok } from "../../server/contracts/common.ts";

/**
 * One POST of the gateway to the API with its device token, answered `{ ok: true }` (PTZ and ONVIF results, zoom
 * uploads). A JSON body is sent as JSON, a form as multipart; a refusal throws with the status and the API's error code.
 */
export async function postAsDevice(url: string, o: { token: string; body: FormData | object; timeoutMs: number }): Promise<z.infer<typeof Ok>> {
  const form = o.body instanceof FormData;
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${o.token}`, accept: "application/json", ...(form ? {} : { "content-type": "application/json" }) },
    body: form ? (o.body as FormData) : JSON.stringify(o.body),
    signal: AbortSignal.timeout(o.timeoutMs),
  });
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const env = ErrorEnvelope.safeParse(json);
    throw new Error(`HTTP ${res.status}${env.success ? ` (${env.data.error.code})` : ""}`);
  }
  return Ok.parse(json);
}
