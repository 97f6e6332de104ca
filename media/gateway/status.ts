/**
 * Camera online/offline tracking (pure; every call is given `now`). A camera is online from its first good
 * frame; it goes offline when no frame came for `silenceMs`, or at once when it fails before ever
 * delivering a frame (a missing file, a refused connection). Each change is reported exactly once.
 */
export type CameraState = "unknown" | "online" | "offline";

export interface StatusTransition {
  cameraId: string;
  status: "online" | "offline";
  reason?: string;
  at: number;
}

interface Entry {
  state: CameraState;
  since: number;
  addedAt: number;
  lastFrameAt: number | null;
  /** the latest failure since the last good frame */
  problem: string | null;
  /** why it is offline (sent with every heartbeat while offline) */
  reason: string | null;
}

export const MAX_REASON_LENGTH = 300;
const clip = (s: string) => (s.length > MAX_REASON_LENGTH ? `${s.slice(0, MAX_REASON_LENGTH - 1)}…` : s);

export class StatusTracker {
  private readonly cameras = new Map<string, Entry>();

  constructor(readonly silenceMs: number) {}

  add(cameraId: string, now: number): void {
    if (!this.cameras.has(cameraId)) this.cameras.set(cameraId, { state: "unknown", since: now, addedAt: now, lastFrameAt: null, problem: null, reason: null });
  }

  remove(cameraId: string): void {
    this.cameras.delete(cameraId);
  }

  ids(): string[] {
    return [...this.cameras.keys()];
  }

  get(cameraId: string): Readonly<Entry> | undefined {
    return this.cameras.get(cameraId);
  }

  /** A good frame: online (a transition only if it was not online already). */
  frame(cameraId: string, now: number): StatusTransition | null {
    const e = this.cameras.get(cameraId);
    if (!e) return null;
    e.lastFrameAt = now;
    e.problem = null;
    if (e.state === "online") return null;
    e.state = "online";
    e.since = now;
    e.reason = null;
    return { cameraId, status: "online", at: now };
  }

  /**
   * A failure (ffmpeg exited, stalled, bad source). Offline at once if the camera never delivered a frame,
   * or when the failure is `final`: its source itself says it is gone (a GB/T 28181 device that missed its
   * keep-alives), so waiting for the silence would only delay the truth.
   */
  problem(cameraId: string, reason: string, now: number, final = false): StatusTransition | null {
    const e = this.cameras.get(cameraId);
    if (!e) return null;
    e.problem = clip(reason);
    if (e.state === "offline") {
      e.reason = e.problem;
      return null;
    }
    if (e.state === "unknown" || final) return this.goOffline(cameraId, e, e.problem, now);
    return null;
  }

  /** Silence check: cameras without a frame for `silenceMs` go offline. */
  tick(now: number): StatusTransition[] {
    const out: StatusTransition[] = [];
    for (const [cameraId, e] of this.cameras) {
      if (e.state === "offline") continue;
      const silentFor = now - (e.lastFrameAt ?? e.addedAt);
      if (silentFor < this.silenceMs) continue;
      const base = `no video frames for ${Math.round(silentFor / 1000)} s`;
      out.push(this.goOffline(cameraId, e, clip(e.problem ? `${base}: ${e.problem}` : base), now));
    }
    return out;
  }

  /** The full state for a heartbeat (cameras still starting up are left out). */
  snapshot(): { id: string; status: "online" | "offline"; reason?: string }[] {
    const out: { id: string; status: "online" | "offline"; reason?: string }[] = [];
    for (const [id, e] of this.cameras) {
      if (e.state === "online") out.push({ id, status: "online" });
      else if (e.state === "offline") out.push({ id, status: "offline", ...(e.reason ? { reason: e.reason } : {}) });
    }
    return out;
  }

  private goOffline(cameraId: string, e: Entry, reason: string, now: number): StatusTransition {
    e.state = "offline";
    e.since = now;
    e.reason = reason;
    return { cameraId, status: "offline", reason, at: now };
  }
}
