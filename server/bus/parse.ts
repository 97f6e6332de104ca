import { MAX_LOSSY_BYTES, MAX_RELIABLE_BYTES } from "./limits.ts";
import { isTopic, specOf, type MessageOf, type Sender, type Topic } from "./topics.ts";

/**
 * Every received data message goes through here, in the browser and in the gateway alike: the topic must be in
 * the table, the sender allowed on it, the packet within its size and the payload valid against the sender's
 * schema. Anything else is dropped with the reason (the caller logs it), never half-used.
 */
export type Parsed<T extends Topic> = { ok: true; message: MessageOf<T> } | { ok: false; reason: string };

const decoder = new TextDecoder();

/** Who sent a packet, from what LiveKit tells the receiver: no participant is the server itself. */
export const senderOf = (participant: { attributes?: Record<string, string> } | string | undefined | null): Sender =>
  participant == null ? "server" : typeof participant !== "string" && participant.attributes?.role === "gateway" ? "gateway" : "browser";

export function parseMessage<T extends Topic>(topic: T, payload: Uint8Array, sender: Sender): Parsed<T>;
export function parseMessage(topic: string | undefined, payload: Uint8Array, sender: Sender): Parsed<Topic>;
export function parseMessage(topic: string | undefined, payload: Uint8Array, sender: Sender): Parsed<Topic> {
  if (!isTopic(topic)) return { ok: false, reason: `unknown topic "${topic ?? ""}"` };
  const spec = specOf(topic, sender);
  if (!spec) return { ok: false, reason: `"${topic}" is not sent by a ${sender}` };
  const limit = spec.delivery === "reliable" ? MAX_RELIABLE_BYTES : MAX_LOSSY_BYTES;
  if (payload.byteLength > limit) return { ok: false, reason: `"${topic}" packet of ${payload.byteLength} bytes exceeds ${limit}` };
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(payload));
  } catch {
    return { ok: false, reason: `"${topic}" message is not JSON` };
  }
  const parsed = spec.schema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `invalid "${topic}" message: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` };
  return { ok: true, message: parsed.data as MessageOf<Topic> };
}

const encoder = new TextEncoder();
export const encodeMessage = (message: unknown): Uint8Array<ArrayBuffer> => encoder.encode(JSON.stringify(message));
