import { and, asc, eq, gt, inArray, isNotNull, isNull } from "drizzle-orm";
import { alerts, cameras, canteens, complaints, orders, viewingEvaluations, viewingSessions } from "../../db/schema/index.ts";
import { toIso } from "../clock/time.ts";
import { nowOf, type Caller } from "../http/env.ts";
import { scopedLists } from "../scope/lists.ts";
import { schoolCadence } from "../patrol/cadence.ts";
import type { Todo } from "./contracts.ts";
import { expiringSuppliers, recentWarnings } from "../trace/warnings.ts";
import { chinaDay, dayStart } from "../ledgers/rules.ts";
import { unreadNotices } from "../dispatch/service.ts";

/** How many of each kind the list shows (the counts are complete). */
const EACH = 20;

/** Open orders, undisposed alerts, unanswered complaints, upcoming sessions and unanswered evaluation problems, soonest first. */
export async function todo({ deps, scope }: Caller): Promise<Todo> {
  const lists = scopedLists(deps.db, scope);
  const now = nowOf(deps);
  const [openOrders, openAlerts, openComplaints, sessions, problems, cadence] = await Promise.all([
    lists.orders({ id: orders.id, number: orders.number, deadline: orders.deadline, canteenName: canteens.name }, inArray(orders.status, ["issued", "acknowledged"])).orderBy(asc(orders.deadline)),
    lists
      .alerts({ id: alerts.id, type: alerts.type, deadline: alerts.deadlineAt, cameraName: cameras.name, canteenName: canteens.name }, inArray(alerts.status, ["new", "acknowledged"]))
      // a ledger's alert (a positive 农残快检) has no camera: its type says what it is
      .leftJoin(cameras, eq(cameras.id, alerts.cameraId))
      .innerJoin(canteens, eq(canteens.id, alerts.canteenId))
      .orderBy(asc(alerts.deadlineAt)),
    lists.complaints({ id: complaints.id, code: complaints.code, deadline: complaints.deadlineAt, canteenName: canteens.name }, eq(complaints.status, "open")).orderBy(asc(complaints.deadlineAt)),
    lists.viewingSessions({ id: viewingSessions.id, title: viewingSessions.title, startsAt: viewingSessions.startsAt, canteenName: canteens.name }, eq(viewingSessions.status, "scheduled"), gt(viewingSessions.endsAt, now)).orderBy(asc(viewingSessions.startsAt)),
    lists
      .viewingSessions({ id: viewingEvaluations.id, sessionId: viewingSessions.id, title: viewingSessions.title, at: viewingEvaluations.createdAt, canteenName: canteens.name }, isNotNull(viewingEvaluations.problems), isNull(viewingEvaluations.answer))
      .innerJoin(viewingEvaluations, eq(viewingEvaluations.sessionId, viewingSessions.id))
      .orderBy(asc(viewingEvaluations.createdAt)),
    schoolCadence(deps.db, scope, now),
  ]);
  // traceability warnings of the last week (issue 15): stock, shelf life, licences, use off plan
  const warnings = await recentWarnings(deps.db, scope, now);
  // suppliers whose licence ran out or runs out within 30 days, like the staff's health certificates
  const licences = await expiringSuppliers(deps.db, scope, now);
  // 调度通知 sent to the school and not yet signed for (issue 16, item 8)
  const notices = await unreadNotices(deps.db, scope);
  // 第十三条: today's self-check and this week's leader patrol, per canteen, until recorded
  const noSelfCheck = cadence.rows.filter((r) => !r.today);
  const noLeader = cadence.rows.filter((r) => !r.leader);
  const items: Todo["items"] = [
    ...openOrders.slice(0, EACH).map((o) => ({ kind: "order" as const, id: o.id, title: o.number, canteenName: o.canteenName, alertType: null, due: toIso(o.deadline), overdue: o.deadline < now, href: `/orders/${o.id}` })),
    ...openAlerts.slice(0, EACH).map((a) => ({ kind: "alert" as const, id: a.id, title: a.cameraName ?? "", canteenName: a.canteenName, alertType: a.type, due: toIso(a.deadline), overdue: a.deadline < now, href: "/alerts" })),
    ...openComplaints.slice(0, EACH).map((c) => ({ kind: "complaint" as const, id: c.id, title: c.code, canteenName: c.canteenName, alertType: null, due: toIso(c.deadline), overdue: c.deadline < now, href: "/complaints" })),
    ...sessions.slice(0, EACH).map((s) => ({ kind: "viewing" as const, id: s.id, title: s.title, canteenName: s.canteenName, alertType: null, due: toIso(s.startsAt), overdue: false, href: `/viewing/${s.id}` })),
    ...problems.slice(0, EACH).map((e) => ({ kind: "evaluation" as const, id: e.id, title: e.title, canteenName: e.canteenName, alertType: null, due: toIso(e.at), overdue: false, href: `/viewing/${e.sessionId}` })),
    ...noSelfCheck.slice(0, EACH).map((r) => ({ kind: "self_check" as const, id: r.id, title: r.name, canteenName: r.name, alertType: null, due: toIso(cadence.window.todayEnd - 1), overdue: false, href: "/self-checks" })),
    ...noLeader.slice(0, EACH).map((r) => ({ kind: "leader_patrol" as const, id: r.id, title: r.name, canteenName: r.name, alertType: null, due: toIso(cadence.window.weekEnd - 1), overdue: false, href: "/self-checks" })),
    ...warnings.slice(0, EACH).map((w) => ({ kind: "trace_warning" as const, id: w.w.id, title: w.w.kind, canteenName: w.canteenName, alertType: null, due: toIso(w.w.createdAt), overdue: false, href: "/trace?tab=warnings" })),
    ...notices.slice(0, EACH).map((n) => ({ kind: "notice" as const, id: n.id, title: n.title, canteenName: n.senderOrgName, alertType: null, due: toIso(n.sentAt), overdue: n.urgency === "urgent", href: `/notices/${n.id}` })),
    ...licences.slice(0, EACH).map((l) => ({ kind: "supplier_licence" as const, id: l.supplierId, title: l.supplierName, canteenName: l.canteenName, alertType: null, due: toIso(dayStart(l.expiresOn)), overdue: l.expiresOn < chinaDay(now), href: "/trace?tab=suppliers" })),
  ].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.due.localeCompare(b.due));
  return { items, counts: { order: openOrders.length, alert: openAlerts.length, complaint: openComplaints.length, viewing: sessions.length, evaluation: problems.length, self_check: noSelfCheck.length, leader_patrol: noLeader.length, trace_warning: warnings.length, supplier_licence: licences.length, notice: notices.length } };
}
