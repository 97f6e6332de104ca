import { count } from "drizzle-orm";
import type { Db } from "../client.ts";
import { inspections } from "../schema/index.ts";
import { aiAlertHistory } from "./history/ai-alerts.ts";
import { cameraStatusHistory } from "./history/camera-status.ts";
import { loadDemoCity } from "./history/city.ts";
import { inspectionHistory } from "./history/inspections.ts";
import { orderHistory } from "./history/orders.ts";
import { historyPeople } from "./history/people.ts";
import { DAY, seededDraws, type Span } from "./history/shared.ts";
import { writeHistory } from "./history/write.ts";
import { plantRiskWarning, type PlantedWarning } from "./history/risk-warning.ts";

/**
 * ≥ 90 days of a believable city for the demo (`npm start`): camera status events (the online rate 在线率 comes
 * from them) with the camera_offline alerts they raise, ended inspections with outcomes and checklists, AI
 * alerts in every status, and rectification orders in every status (overdue and escalated too), over the
 * 37 demo schools; and one red risk warning left unanswered past its deadline and flagged to the level above. Deterministic for a given `now` (seeded random); one transaction of batch inserts.
 *
 * What happened before the history was imported is not replayed through the audit log: the seed appends one
 * entry (`demo.history_seeded`, with the counts) so the chain records the import and stays valid.
 * Orders follow the live rules: numbers in each regulator's yearly sequence (order_sequences continues from
 * them), document sha256 from server/orders/rules.ts (the verify page says 未被篡改). A few cameras get an
 * unreachable rtsp:// source (RFC 5737 address) and stay offline with an open camera_offline alert; the
 * demo city's gateways (media/gateway/city.ts) keep them offline through the real heartbeat path.
 *
 * Turned on by SEED_HISTORY=1, which `npm start` (edge/launch.ts) sets; tests seed without it.
 *
 * Each kind of history is made in its own file under history/ (people, camera-status, inspections, orders,
 * ai-alerts), from the demo city (city.ts), and written at once (write.ts); this file runs them in order.
 */
export const historyWanted = (env: Record<string, string | undefined>) => env.SEED_HISTORY === "1";

export interface HistoryOptions {
  /** the end of the history (its latest events are shortly before) */
  now: number;
  days?: number;
  /** an AI alert's picture: stored once, shared by the historical AI alerts (none: they have no picture) */
  alertPhoto?: { key: string; sha256: string } | null;
  /** the deadline of a red warning (config riskActionMs): the planted one is past it */
  riskActionMs?: number;
}

export interface HistoryResult {
  from: number;
  statusEvents: number;
  inspections: number;
  alerts: number;
  orders: number;
  offlineCameras: number;
  /** the red warning flagged to the level above that the demo shows (history/risk-warning.ts), or null */
  riskWarning: PlantedWarning | null;
}

/** The seed of the history's draws: with the same `now` and `days`, the same rows (history/shared.ts). */
const HISTORY_SEED = 20261204;

export async function seedHistory(db: Db, opts: HistoryOptions): Promise<HistoryResult> {
  const { now } = opts;
  const days = opts.days ?? 92;
  const span: Span = { from: now - days * DAY, now };
  const city = await loadDemoCity(db);
  // one stream of draws, taken in this order: reordering these calls changes every row after
  const draws = seededDraws(HISTORY_SEED);
  const people = historyPeople(city, draws, span.from);
  const cameras = cameraStatusHistory(city, draws, span);
  const inspected = inspectionHistory(city, people, draws, span);
  const ordered = orderHistory(city, inspected.issuesFound, draws, now);
  const ai = aiAlertHistory(city, people, draws, span, opts.alertPhoto);

  const alerts = [...cameras.alerts, ...ai.alerts];
  const counts = {
    days,
    statusEvents: cameras.statusEvents.length,
    inspections: inspected.inspections.length,
    orders: ordered.orders.length,
    alerts: alerts.length,
    aiAlerts: ai.alerts.length,
    offlineCameras: cameras.deadCount,
  };
  await writeHistory(db, { people, cameras, inspections: inspected, orders: ordered, alerts, alertEvents: [...cameras.alertEvents, ...ai.events] }, { now, counts });
  // after the history: the warning is planted on the canteen the live risk rules find highest over it
  const riskWarning = await plantRiskWarning(db, now, opts.riskActionMs);
  return { from: span.from, statusEvents: counts.statusEvents, inspections: counts.inspections, alerts: counts.alerts, orders: counts.orders, offlineCameras: counts.offlineCameras, riskWarning };
}

/** Whether the history was seeded already (a second start must not add another). */
export const hasHistory = async (db: Db) => (await db.select({ n: count() }).from(inspections))[0]!.n > 0;
