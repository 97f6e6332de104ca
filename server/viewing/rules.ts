import { VIEWING_GRACE_MS } from "../contracts/enums.ts";

/** Pure rules of a supervised viewing session's window (issue 13, item 2). */

export const MAX_WINDOW_MS = 4 * 3600_000;
/** How long before the start the invited parents are reminded (server/viewing/reminders.ts). */
export const REMIND_BEFORE_MS = 30 * 60_000;

export interface Window {
  startsAt: number;
  endsAt: number;
  status: "scheduled" | "ended" | "cancelled";
  endedAt: number | null;
}

/** The window's real end: the host may end it early. */
export const closesAt = (w: Window) => (w.endedAt !== null ? Math.min(w.endedAt, w.endsAt) : w.endsAt);

/** upcoming until startsAt − grace, open until it closes, then over. */
export function stateOf(w: Window, now: number): "upcoming" | "open" | "over" {
  if (w.status !== "scheduled" || now >= closesAt(w)) return "over";
  return now >= w.startsAt - VIEWING_GRACE_MS ? "open" : "upcoming";
}

/** Why a window cannot be scheduled (null: fine): it must lie ahead, end after it starts, and last at most 4 h. */
export function windowProblem(startsAt: number, endsAt: number, now: number): string | null {
  if (!(endsAt > startsAt) || endsAt - startsAt > MAX_WINDOW_MS || endsAt <= now) return "window_invalid";
  return null;
}

/** 10:30–11:30 in China time, the way the 403 names the window. */
export function windowText(startsAt: number, endsAt: number): string {
  const hm = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(11, 16);
  const day = new Date(startsAt + 8 * 3600_000).toISOString().slice(0, 10);
  return `${day} ${hm(startsAt - VIEWING_GRACE_MS)}–${hm(endsAt)} (UTC+8)`;
}
