import { parseMessage, senderOf } from "../../server/bus/parse.ts";
import { GATEWAY_TOPIC } from "../../server/live/contracts.ts";
import { EXPECTED_VIEWER_TTL_MS } from "./permissions.ts";

/**
 * The viewers the API announced on the "gateway" topic ("viewer.expected", sent when it gives someone a token
 * for the room): they are granted the cameras before they connect, and the encoder warms up for them. Only the
 * server may announce (the shared parseMessage refuses a participant's packet); an entry expires after
 * EXPECTED_VIEWER_TTL_MS.
 */
export class ExpectedViewers {
  private readonly entries = new Map<string, { role: string; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A received data packet: true when it was a valid announcement (permissions should be applied again). */
  receive(payload: Uint8Array, participant: { attributes?: Record<string, string> } | undefined | null, topic: string | undefined, warn: (text: string) => void): boolean {
    if (topic !== GATEWAY_TOPIC) return false;
    const parsed = parseMessage(GATEWAY_TOPIC, payload, senderOf(participant));
    if (!parsed.ok) {
      warn(`ignored a "${GATEWAY_TOPIC}" message: ${parsed.reason}`);
      return false;
    }
    this.entries.set(parsed.message.identity, { role: parsed.message.role, until: this.now() + EXPECTED_VIEWER_TTL_MS });
    return true;
  }

  /** The announcements still valid (expired ones are dropped). */
  current(): Map<string, { role: string; until: number }> {
    const now = this.now();
    for (const [identity, e] of this.entries) if (e.until <= now) this.entries.delete(identity);
    return this.entries;
  }

  /** Whether someone was announced within the last `withinMs` (they are probably connecting right now). */
  announcedWithin(withinMs: number): boolean {
    const now = this.now();
    for (const e of this.entries.values()) if (now - (e.until - EXPECTED_VIEWER_TTL_MS) < withinMs) return true;
    return false;
  }
}
