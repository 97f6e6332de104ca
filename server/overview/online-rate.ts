/**
 * The camera online rate 在线率 (issue 16, item 2), pure: per camera and period from its status transitions,
 * time-weighted, short blips ignored, offline windows listed; rolled up by region weighted by cameras. No I/O —
 * the service feeds it the events, the tests a hand-computed fixture.
 */

/**
 * An outage shorter than this is a blip, counted as online: GB/T 28181 declares a device offline after three
 * missed heartbeats (60 s each by default), so a shorter gap is not an outage a regulator could have seen.
 */
export const DEFAULT_BLIP_MS = 3 * 60_000;

export interface StatusEvent {
  status: "online" | "offline" | "unknown";
  at: number;
}
export interface Period {
  start: number;
  /** exclusive */
  end: number;
}
export interface OfflineWindow {
  from: number;
  to: number;
  /** still offline at the horizon (the end of what is known) */
  ongoing: boolean;
}
export interface CameraRate {
  /** time inside the period the camera existed (from its first event) */
  measuredMs: number;
  /** offline time inside the period, blips excluded */
  offlineMs: number;
  /** null: nothing measured (the camera never reported before the period ended) */
  rate: number | null;
  /** outages overlapping the period, at least the blip threshold long, clipped to the period */
  windows: OfflineWindow[];
}

/**
 * The outages of one camera's timeline (events sorted by time), up to `horizon`: from a transition to
 * offline (or unknown: a camera that stopped reporting is not online) to the next transition to online.
 */
export function offlineWindows(events: readonly StatusEvent[], horizon: number): OfflineWindow[] {
  const out: OfflineWindow[] = [];
  let openAt: number | null = null;
  for (const e of events) {
    if (e.at > horizon) break;
    const down = e.status !== "online";
    if (down && openAt === null) openAt = e.at;
    else if (!down && openAt !== null) {
      out.push({ from: openAt, to: e.at, ongoing: false });
      openAt = null;
    }
  }
  if (openAt !== null && horizon > openAt) out.push({ from: openAt, to: horizon, ongoing: true });
  return out;
}

/**
 * One camera over a period. `events` sorted by time, holding at least the last event at or before the period's
 * start (the state it starts in) and those up to `horizon`; `horizon` (default the period's end) is how far the
 * timeline is known, so that an outage running past the period's end is judged by its whole length, not by its
 * clipped part.
 */
export function cameraRate(events: readonly StatusEvent[], period: Period, opts: { blipMs?: number; horizon?: number } = {}): CameraRate {
  const blipMs = opts.blipMs ?? DEFAULT_BLIP_MS;
  const first = events[0]?.at;
  const start = first === undefined ? period.end : Math.max(period.start, first);
  if (start >= period.end) return { measuredMs: 0, offlineMs: 0, rate: null, windows: [] };
  const horizon = Math.max(opts.horizon ?? period.end, period.end);
  const windows: OfflineWindow[] = [];
  let offlineMs = 0;
  for (const w of offlineWindows(events, horizon)) {
    if (w.to - w.from < blipMs) continue;
    const from = Math.max(w.from, start);
    const to = Math.min(w.to, period.end);
    if (to <= from) continue;
    offlineMs += to - from;
    windows.push({ from, to, ongoing: w.ongoing && w.to >= period.end });
  }
  const measuredMs = period.end - start;
  return { measuredMs, offlineMs, rate: (measuredMs - offlineMs) / measuredMs, windows };
}

export interface RollUp {
  /** cameras registered */
  cameras: number;
  /** cameras with a rate (measured in the period) */
  measured: number;
  /** camera-weighted: the mean of the cameras' rates, so a district with more cameras weighs more; null when none measured */
  rate: number | null;
}

/** The rate of a set of cameras, each camera weighing one. */
export function rollUp(rates: ReadonlyArray<number | null>): RollUp {
  let sum = 0;
  let measured = 0;
  for (const r of rates) {
    if (r === null) continue;
    sum += r;
    measured++;
  }
  return { cameras: rates.length, measured, rate: measured ? sum / measured : null };
}

/** Roll-ups of sub-regions combined into their parent's: weighted by their measured cameras (equal to rolling up all cameras at once). */
export function combine(parts: readonly RollUp[]): RollUp {
  let sum = 0;
  let measured = 0;
  let cameras = 0;
  for (const p of parts) {
    cameras += p.cameras;
    if (p.rate === null) continue;
    sum += p.rate * p.measured;
    measured += p.measured;
  }
  return { cameras, measured, rate: measured ? sum / measured : null };
}

/** The share of cameras online right now (their last reported status), camera-weighted like the period's rate. */
export function onlineNow(statuses: ReadonlyArray<"online" | "offline" | "unknown">) {
  const online = statuses.filter((s) => s === "online").length;
  return { cameras: statuses.length, online, rate: statuses.length ? online / statuses.length : null };
}

/** A rate as shown and filed: a percentage with one decimal (91.7), the same in the overview and the monthly report. */
export const percentOf = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
