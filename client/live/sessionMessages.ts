import { SessionMessage } from "../../server/live/contracts.ts";

export { SESSION_TOPIC, SessionMessage } from "../../server/live/contracts.ts";

/**
 * A received "session" message, or null (with a console warning) when it is not one we trust: only the
 * server may send them (it has no participant identity), anyone in the room could forge the rest.
 */
export function parseSessionMessage(payload: Uint8Array, from: string | undefined): SessionMessage | null {
  if (from !== undefined) {
    console.warn(`[live] ignored a "session" message from participant ${from}: only the server sends them`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    console.warn('[live] ignored a "session" message that is not JSON');
    return null;
  }
  const parsed = SessionMessage.safeParse(json);
  if (!parsed.success) {
    console.warn('[live] ignored an invalid "session" message:', parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    return null;
  }
  return parsed.data;
}
