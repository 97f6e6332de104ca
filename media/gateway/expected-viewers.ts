import { ExpectedViewer } from "../../server/live/contracts.ts";
import { EXPECTED_VIEWER_TTL_MS } from "./permissions.ts";

/** After the API announced a viewer, frames go to the encoder for this long even before the viewer shows up. */
const ANNOUNCED_WARM_MS = 15_000;

/** The API's "viewer.expected" message; null when the payload is not one. */
export function parseExpectedViewer(payload: Uint8Array): ExpectedViewer | null {
  try {
    const parsed = ExpectedViewer.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Viewers the API announced (identity → role), granted before they join: LiveKit tells the gateway of a
 * join a second or more after the viewer is in, so the announcement is what lets permissions and the
 * encoder be ready while the viewer connects. Each announcement holds for EXPECTED_VIEWER_TTL_MS.
 */
export class ExpectedViewers {
  private expected = new Map<string, { role: string; until: number }>();

  announce(viewer: { identity: string; role: string }, now: number): void {
    this.expected.set(viewer.identity, { role: viewer.role, until: now + EXPECTED_VIEWER_TTL_MS });
  }

  /** Whether a viewer was announced a moment ago (the encoder should be warming up for them). */
  anyJustAnnounced(now: number): boolean {
    for (const e of this.expected.values()) if (now - (e.until - EXPECTED_VIEWER_TTL_MS) < ANNOUNCED_WARM_MS) return true;
    return false;
  }

  /** The announcements still valid; the expired ones are forgotten. */
  current(now: number): ReadonlyMap<string, { role: string; until: number }> {
    for (const [identity, e] of this.expected) if (e.until <= now) this.expected.delete(identity);
    return this.expected;
  }
}
