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
