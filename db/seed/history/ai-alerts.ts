import type { alertEvents, alerts } from "../../schema/index.ts";
import { DEFAULT_ALERT_DEADLINE_MINUTES } from "../../../server/alerts/rules.ts";
import { type CameraRow, type DemoCity, NEGLECT_DAYS } from "./city.ts";
import type { HistoryPeople } from "./people.ts";
import { DAY, type Draws, MIN, type Row, type Span } from "./shared.ts";
import { DISPOSAL_NOTES } from "./texts.ts";

const AI_TYPES = ["after_hours_intrusion", "phone_use", "no_mask", "no_hat", "no_uniform", "post_absence", "trash_overflow", "smoking", "animal_intrusion", "rodent"] as const;
/** how common each AI_TYPES entry is (a phone or a missing mask far more than smoking or a rat) */
const AI_WEIGHTS = [2, 5, 6, 5, 3, 3, 3, 1, 1, 1];

type AlertStatus = NonNullable<Row<typeof alerts>["status"]>;

export interface AiAlertHistory {
  alerts: Array<Row<typeof alerts>>;
  events: Array<Row<typeof alertEvents>>;
}

/**
 * AI alerts (AI抓拍) at every school with cameras, one every 2–10 days, in every status: most disposed by
 * the principal and verified by the inspector, some false positives, some still open (escalated once past
 * their deadline). Recent ones are more often still in progress.
 */
export function aiAlertHistory(city: DemoCity, people: HistoryPeople, draws: Draws, { from, now }: Span, alertPhoto: { key: string; sha256: string } | null | undefined): AiAlertHistory {
  const { random, newId, between } = draws;
  const alertRows: Array<Row<typeof alerts>> = [];
  const alertEventRows: Array<Row<typeof alertEvents>> = [];
  const camerasOf = new Map<string, CameraRow[]>();
  for (const c of city.cameras) if (c.gatewayId) camerasOf.set(c.canteenId, [...(camerasOf.get(c.canteenId) ?? []), c]);
  for (const s of city.schools) {
    const cams = camerasOf.get(s.canteenId) ?? [];
    if (!cams.length) continue;
    const inspector = people.inspectorOf(s.regionCode).userId;
    const principal = people.principalOf.get(s.orgId)!;
    let t = from + between(0, 3 * DAY);
    for (;;) {
      t += between(2 * DAY, 10 * DAY);
      if (t >= now - 30 * MIN) break;
      const cam = draws.pick(cams);
      const type = draws.weighted(AI_TYPES, AI_WEIGHTS);
      const id = newId("alr");
      const deadlineAt = t + DEFAULT_ALERT_DEADLINE_MINUTES[type] * MIN;
      const events: Array<Row<typeof alertEvents>> = [{ id: newId("ae"), alertId: id, action: "raised", actorId: null, at: t, note: null }];
      let status = "new" as AlertStatus;
      let at = t;
      let fpProposed = false;
      // an action that would fall in the last minute before `now` has not happened yet
      const act = (action: Row<typeof alertEvents>["action"], to: AlertStatus, actorId: string | null, minMs: number, maxMs: number, note: string | null = null) => {
        const when = at + between(minMs, maxMs);
        if (when >= now - MIN) return false;
        events.push({ id: newId("ae"), alertId: id, action, actorId, at: when, note });
        status = to;
        at = when;
        return true;
      };
      const r = random();
      const old = now - t > 3 * DAY;
      if (r < 0.62 || (!old && r < 0.8)) {
        act("acknowledged", "acknowledged", principal, 5 * MIN, 90 * MIN) &&
          act("disposed", "disposed", principal, 10 * MIN, 3 * 3600_000, draws.pick(DISPOSAL_NOTES)) &&
          (random() < 0.1 ? act("returned", "acknowledged", inspector, 2 * 3600_000, DAY, "处置说明不充分，请补充。") && act("disposed", "disposed", principal, 30 * MIN, 4 * 3600_000, "已补充处置情况") : true) &&
          (old || random() < 0.5 ? act("verified", "verified", inspector, 2 * 3600_000, 2 * DAY) : true);
      } else if (r < 0.82) {
        const proposed = random() < 0.6;
        if (proposed && act("fp_proposed", "new", principal, 10 * MIN, 4 * 3600_000, "画面中为送货人员，非违规")) fpProposed = true;
        act("false_positive", "false_positive", inspector, 30 * MIN, DAY);
      } else if (r < 0.9) {
        act("acknowledged", "acknowledged", principal, 5 * MIN, 2 * 3600_000);
      }
      // the neglected canteen's school has not touched its recent alerts (the draws are taken all the same, so the
      // other schools' rows do not shift)
      if (s.canteenId === city.neglectedCanteenId && now - t < NEGLECT_DAYS * DAY) {
        events.splice(1);
        status = "new";
        at = t;
        fpProposed = false;
      }
      // undisposed past its deadline: escalated once by the sweep
      const open = status === "new" || status === "acknowledged";
      const escalatedAt = open && deadlineAt < now ? deadlineAt : null;
      if (escalatedAt) events.push({ id: newId("ae"), alertId: id, action: "escalated", actorId: null, at: escalatedAt, note: null });
      const closed = status === "verified" || status === "false_positive";
      alertRows.push({
        id,
        gatewayId: cam.gatewayId!,
        cameraId: cam.id,
        canteenId: s.canteenId,
        orgId: s.orgId,
        type,
        confidence: Math.round((0.55 + random() * 0.4) * 100) / 100,
        boxes: JSON.stringify([{ x: 0.3 + random() * 0.2, y: 0.25 + random() * 0.2, w: 0.18, h: 0.35, label: type, score: 0.8 }]),
        snapshotKey: alertPhoto?.key ?? null,
        snapshotSha256: alertPhoto?.sha256 ?? null,
        occurredAt: t,
        receivedAt: t + 400,
        status,
        fpProposed,
        deadlineAt,
        escalatedAt,
        idempotencyKey: `history-${id}`,
        closedAt: closed ? at : null,
        updatedAt: Math.max(...events.map((e) => e.at)),
      });
      alertEventRows.push(...events);
    }
  }
  return { alerts: alertRows, events: alertEventRows };
}
