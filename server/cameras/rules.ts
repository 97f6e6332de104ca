export type CameraStatus = "online" | "offline" | "unknown";

export interface StatusReport {
  id: string;
  status: "online" | "offline";
  reason?: string;
}

export interface StatusTransition {
  cameraId: string;
  from: CameraStatus;
  to: "online" | "offline";
  reason: string | null;
}

/**
 * One report per camera, the last one given: a beat that lists a camera twice (a gateway bug, or two readings in
 * one interval) says where it ended up. The contract cannot refuse it (no schema compares items' ids).
 */
export function lastReports<R extends { id: string }>(reports: readonly R[]): R[] {
  return [...new Map(reports.map((r) => [r.id, r])).values()];
}

/** The reports that change a camera's recorded status; repeats of the current status are not events. */
export function statusTransitions(current: ReadonlyMap<string, CameraStatus>, reports: StatusReport[]): StatusTransition[] {
  const seen = new Map(current);
  const out: StatusTransition[] = [];
  for (const r of reports) {
    const from = seen.get(r.id);
    if (from === undefined || from === r.status) continue;
    out.push({ cameraId: r.id, from, to: r.status, reason: r.reason ?? null });
    seen.set(r.id, r.status);
  }
  return out;
}

/**
 * Camera credentials are write-only (issue 11): the API shows a source with its password masked; only the
 * gateway's device config carries it whole. A password in the userinfo (rtsp://user:pass@host) or in a query
 * parameter named like one (http://host/video?user=a&pwd=b) is replaced by MASK.
 */
export const MASK = "••••";
const SECRET_PARAMS = /^(password|passwd|pwd|pass|token|key|secret)$/i;
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^:@/]*):([^@/]*)@/i;

export function maskSource(source: string): string {
  let masked = source.replace(USERINFO, (_, scheme: string, user: string) => `${scheme}${user}:${MASK}@`);
  const q = masked.indexOf("?");
  if (q >= 0) {
    const params = masked
      .slice(q + 1)
      .split("&")
      .map((pair) => {
        const eq = pair.indexOf("=");
        return eq > 0 && SECRET_PARAMS.test(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=${MASK}` : pair;
      });
    masked = `${masked.slice(0, q)}?${params.join("&")}`;
  }
  return masked;
}

/**
 * A source sent back by an edit form that still shows the mask: the stored secrets are kept where the mask
 * stands, as long as everything else about them is where it was (same scheme and user, same parameter names).
 * null when the mask stands for nothing known (the request then answers 400).
 */
export function unmaskSource(incoming: string, current: string): string | null {
  if (!incoming.includes(MASK)) return incoming;
  if (incoming === maskSource(current)) return current;
  const userinfo = current.match(USERINFO);
  let out = incoming;
  if (userinfo) {
    const prefix = `${userinfo[1]}${userinfo[2]}:${MASK}@`;
    if (out.startsWith(prefix)) out = `${userinfo[1]}${userinfo[2]}:${userinfo[3]}@${out.slice(prefix.length)}`;
  }
  const q = current.indexOf("?");
  if (q >= 0) {
    for (const pair of current.slice(q + 1).split("&")) {
      const eq = pair.indexOf("=");
      if (eq > 0 && SECRET_PARAMS.test(pair.slice(0, eq))) out = out.replace(`${pair.slice(0, eq)}=${MASK}`, pair);
    }
  }
  return out.includes(MASK) ? null : out;
}

/** How many heartbeats a gateway may send at once, and how fast that allowance comes back (HEARTBEAT_BURST, HEARTBEAT_PER_MINUTE). */
export interface HeartbeatThrottle {
  burst: number;
  perMinute: number;
}

/**
 * The token bucket of a gateway's heartbeats: the allowance `at` refilled up to `now` (a clock that went back
 * refills nothing). A gateway that has never sent one starts full.
 */
export function heartbeatAllowance(allowance: number | null, at: number | null, now: number, t: HeartbeatThrottle): number {
  if (allowance === null || at === null) return t.burst;
  return Math.min(t.burst, allowance + (Math.max(0, now - at) * t.perMinute) / 60_000);
}

/** Whole seconds until the allowance reaches one heartbeat again (Retry-After; at least 1). */
export function heartbeatRetryAfterS(allowance: number, t: HeartbeatThrottle): number {
  if (t.perMinute <= 0) return 60;
  return Math.max(1, Math.ceil(((1 - allowance) * 60) / t.perMinute));
}
