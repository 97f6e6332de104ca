import { parseMessage, senderOf } from "../../server/bus/parse.ts";
import type { MessageOf, Topic } from "../../server/bus/topics.ts";

/**
 * A received data packet through the shared parser (server/bus/parse.ts: topic table, sender, size, schema), or
 * null with a console warning. `from` is the sending participant's identity as LiveKit reports it; none is the
 * server itself.
 */
export function parseData<T extends Topic>(topic: T, payload: Uint8Array, from: string | undefined, tag = "[live]"): MessageOf<T> | null {
  const parsed = parseMessage(topic, payload, senderOf(from));
  if (parsed.ok) return parsed.message;
  console.warn(`${tag} ignored a message: ${parsed.reason}${from ? ` (from ${from})` : ""}`);
  return null;
}
