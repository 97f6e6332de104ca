import { ALERT_TOPIC, AlertMessage } from "../../../server/alerts/contracts.ts";

export { ALERT_TOPIC };

/**
 * A received ops-room message, or null (with a console warning) when it is not one we trust: only the
 * server sends alerts (it has no participant identity), and the payload must match the server's contract.
 */
export function parseAlertMessage(payload: Uint8Array, from: string | undefined): AlertMessage | null {
  if (from !== undefined) {
    console.warn(`[alerts] ignored a message from participant ${from}: only the server sends alerts`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    console.warn("[alerts] ignored a message that is not JSON");
    return null;
  }
  const parsed = AlertMessage.safeParse(json);
  if (!parsed.success) {
    console.warn("[alerts] ignored an invalid alert message:", parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    return null;
  }
  return parsed.data;
}
