/**
 * What the database keeps, and for how long (issue 18 item 4). Evidence is never pruned: the audit log
 * (seed 001 第十四条: 不得删除…操作日志), alerts with their events and repeats, orders, inspections, ledgers,
 * recordings' anchors. Pruned are working rows that only describe the present or a window that has passed:
 * - camera status events older than CAMERA_EVENTS_KEEP_DAYS, except each camera's last one before the cut
 *   (its state at the cut, from which any later period's online rate 在线率 is still computed exactly); the
 *   closed months' figures are kept in the overview's monthly reports;
 * - sign-in sessions ended (expired or signed out) more than SESSION_KEEP_DAYS ago.
 */
export interface RetentionPolicy {
  cameraEventsKeepDays: number;
  sessionKeepDays: number;
}

const DAY_MS = 86_400_000;

/** The instants before which each kind of row may go. */
export function retentionCutoffs(now: number, p: RetentionPolicy) {
  return { cameraEventsBefore: now - p.cameraEventsKeepDays * DAY_MS, sessionsEndedBefore: now - p.sessionKeepDays * DAY_MS };
}

/** Rows deleted per statement: each is a short write, so heartbeats and alerts are not held up behind a long one. */
export const RETENTION_BATCH = 5_000;
