import type { alertEvents, alerts, cameraStatusEvents } from "../../schema/index.ts";
import { DEFAULT_ALERT_DEADLINE_MINUTES } from "../../../server/alerts/rules.ts";
import type { CameraRow, DemoCity } from "./city.ts";
import { DAY, type Draws, MIN, type Row, type Span } from "./shared.ts";

/** cameras that are dead for good (planted, not demo canteen; the neglected canteen's first) */
const DEAD_CAMERAS = 5;
const REASONS = ["no video frames for 15 s: connection timed out", "no video frames for 15 s: Connection refused", "no video frames for 16 s"];

/** A camera's state at the end of the history (written onto the cameras table). */
export interface CameraEnd {
  status: "online" | "offline";
  lastSeenAt: number;
  /** a dead camera's unreachable source */
  source?: string;
}

export interface CameraHistory {
  statusEvents: Array<Row<typeof cameraStatusEvents>>;
  /** the camera_offline alerts, one per outage */
  alerts: Array<Row<typeof alerts>>;
  alertEvents: Array<Row<typeof alertEvents>>;
  cameraEnd: Map<string, CameraEnd>;
  deadCount: number;
}

/**
 * Each camera's online/offline transitions (the online rate 在线率 comes from them), with the camera_offline
 * alert each outage raises: outages come at random (a few cameras are flaky), most are short and auto-closed
 * when the camera is back. A few cameras die for good: they stay offline with an open alert, and get an
 * unreachable rtsp:// source (RFC 5737 address) so the demo city's gateways keep them offline.
 */
export function cameraStatusHistory(city: DemoCity, draws: Draws, { from, now }: Span): CameraHistory {
  const { random, newId, between } = draws;
  const statusEvents: Array<Row<typeof cameraStatusEvents>> = [];
  const alertRows: Array<Row<typeof alerts>> = [];
  const alertEventRows: Array<Row<typeof alertEvents>> = [];
  const cameraEnd = new Map<string, CameraEnd>();
  const orgOfCanteen = new Map(city.schools.map((s) => [s.canteenId, s.orgId]));
  const candidates = city.cameras.filter((c) => c.canteenId !== city.demoCanteenId);
  // the neglected canteen's: enough of them dead to put its online rate under 80 % (the risk rules' worst band)
  const neglected = city.cameras.filter((c) => c.canteenId === city.neglectedCanteenId && c.gatewayId);
  const dead = new Set<string>(neglected.slice(0, Math.floor(neglected.length / 5) + 1).map((c) => c.id));
  while (dead.size < Math.min(DEAD_CAMERAS, candidates.length)) dead.add(draws.pick(candidates).id);
  const offlineDeadline = DEFAULT_ALERT_DEADLINE_MINUTES.camera_offline * MIN;

  // back again: verified and closed by the camera itself; still out: open, escalated once past its deadline
  const offlineAlert = (cam: CameraRow, at: number, reason: string, backAt: number | null) => {
    const id = newId("alr");
    const escalated = backAt === null ? (now > at + offlineDeadline ? at + offlineDeadline : null) : null;
    alertRows.push({
      id,
      gatewayId: cam.gatewayId!,
      cameraId: cam.id,
      canteenId: cam.canteenId,
      orgId: orgOfCanteen.get(cam.canteenId)!,
      type: "camera_offline",
      confidence: 1,
      boxes: "[]",
      occurredAt: at,
      receivedAt: at,
      status: backAt === null ? "new" : "verified",
      deadlineAt: at + offlineDeadline,
      escalatedAt: escalated,
      idempotencyKey: `offline-${id}`,
      closedAt: backAt,
      updatedAt: backAt ?? escalated ?? at,
    });
    alertEventRows.push({ id: newId("ae"), alertId: id, action: "raised", actorId: null, at, note: reason });
    if (escalated) alertEventRows.push({ id: newId("ae"), alertId: id, action: "escalated", actorId: null, at: escalated, note: null });
    if (backAt !== null) alertEventRows.push({ id: newId("ae"), alertId: id, action: "auto_closed", actorId: null, at: backAt, note: null });
  };

  let deadIndex = 0;
  for (const cam of city.cameras) {
    if (!cam.gatewayId) continue;
    let t = from + between(0, 6 * 3600_000);
    statusEvents.push({ id: newId("cse"), cameraId: cam.id, status: "online", at: t, reason: null });
    const flaky = random() < 0.05;
    const perDay = flaky ? 0.15 : 0.015;
    const end = dead.has(cam.id) ? now - between(3 * 3600_000, 6 * DAY) : now - 10 * MIN;
    for (;;) {
      // outages as a Poisson process: exponential gaps of mean 1/perDay days
      t += Math.floor((-Math.log(1 - random()) / perDay) * DAY);
      if (t >= end) break;
      const r = random();
      const duration = r < 0.7 ? between(MIN, 15 * MIN) : r < 0.95 ? between(15 * MIN, 4 * 3600_000) : between(4 * 3600_000, 2 * DAY);
      const back = Math.min(t + duration, end - MIN);
      if (back <= t) break;
      const reason = draws.pick(REASONS);
      statusEvents.push({ id: newId("cse"), cameraId: cam.id, status: "offline", at: t, reason });
      statusEvents.push({ id: newId("cse"), cameraId: cam.id, status: "online", at: back, reason: null });
      offlineAlert(cam, t, reason, back);
      t = back;
    }
    if (dead.has(cam.id)) {
      const reason = "no video frames for 15 s: connection timed out";
      statusEvents.push({ id: newId("cse"), cameraId: cam.id, status: "offline", at: end, reason });
      offlineAlert(cam, end, reason, null);
      cameraEnd.set(cam.id, { status: "offline", lastSeenAt: end, source: `rtsp://192.0.2.${11 + deadIndex++}:554/Streaming/Channels/101` });
    } else cameraEnd.set(cam.id, { status: "online", lastSeenAt: now });
  }
  return { statusEvents, alerts: alertRows, alertEvents: alertEventRows, cameraEnd, deadCount: dead.size };
}
