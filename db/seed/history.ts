import { count, eq, inArray } from "drizzle-orm";
import type { Db } from "../client.ts";
import {
  alertEvents,
  alerts,
  cameras,
  cameraStatusEvents,
  canteens,
  inspectionParticipants,
  inspections,
  legalBases,
  memberships,
  orderEvents,
  orderItems,
  orders,
  orderSequences,
  orgs,
  users,
} from "../schema/index.ts";
import { DUMMY_HASH } from "../../server/accounts/password.ts";
import { appendAudit } from "../../server/audit/service.ts";
import { canteenRoom } from "../../server/bus/rooms.ts";
import { AREA_NAMES_ZH } from "../../server/canteens/rules.ts";
import { DEFAULT_DEADLINE_DAYS, REQUIRED_PATROL_AREAS } from "../../server/contracts/enums.ts";
import { DEFAULT_ALERT_DEADLINE_MINUTES } from "../../server/alerts/rules.ts";
import { chinaYear, documentSha256, orderNumber, orderNumberPrefix } from "../../server/orders/rules.ts";
import { pick, seededIds, seededRandom } from "./random.ts";
import { DEMO_REGIONS } from "./regions.ts";

/**
 * ≥ 90 days of a believable city for the demo (`npm start`): camera status events (the online rate 在线率 comes
 * from them) with the camera_offline alerts they raise, ended inspections with outcomes and checklists, AI
 * alerts in every status, and rectification orders in every status (overdue and escalated too), over the
 * 37 demo schools. Deterministic for a given `now` (seeded random); one transaction of batch inserts.
 *
 * What happened before the history was imported is not replayed through the audit log: the seed appends one
 * entry (`demo.history_seeded`, with the counts) so the chain records the import and stays valid.
 * Orders follow the live rules: numbers in each regulator's yearly sequence (order_sequences continues from
 * them), document sha256 from server/orders/rules.ts (the verify page says 未被篡改). A few cameras get an
 * unreachable rtsp:// source (RFC 5737 address) and stay offline with an open camera_offline alert; the
 * demo city's gateways (media/gateway/city.ts) keep them offline through the real heartbeat path.
 *
 * Turned on by SEED_HISTORY=1, which `npm start` (edge/launch.ts) sets; tests seed without it.
 */
export const historyWanted = (env: Record<string, string | undefined>) => env.SEED_HISTORY === "1";

export interface HistoryOptions {
  /** the end of the history (its latest events are shortly before) */
  now: number;
  days?: number;
  /** an AI alert's picture: stored once, shared by the historical AI alerts (none: they have no picture) */
  alertPhoto?: { key: string; sha256: string } | null;
}

export interface HistoryResult {
  from: number;
  statusEvents: number;
  inspections: number;
  alerts: number;
  orders: number;
  offlineCameras: number;
}

const DAY = 86_400_000;
const MIN = 60_000;
/** cameras that are dead for good (planted, not demo canteen) */
const DEAD_CAMERAS = 5;
const BATCH = 500;

const PROBLEMS: Record<string, string[]> = {
  storage: ["库房食品离地离墙存放不足 10 厘米", "库房内发现过期调味品未及时清理", "库房防鼠板缺失"],
  rough_processing: ["粗加工区生熟用具未分开摆放", "蔬菜清洗池与肉类清洗池混用", "粗加工区地面积水"],
  cooking: ["烹饪区从业人员未佩戴口罩", "烹饪区排烟罩油垢较多", "烹饪区有人员使用手机"],
  prep_room: ["备餐间紫外线灯未开启", "备餐间人员未二次更衣", "备餐间成品未加盖"],
  washing: ["洗消区消毒记录不完整", "餐具消毒柜温度不达标", "洗消区保洁柜内有杂物"],
};
const OUTCOME_OK = ["五个重点区域画面清晰，操作规范，未发现问题。", "巡查未见异常，晨检与留样记录齐全。", "各区域卫生状况良好，人员着装规范。"];
const OUTCOME_ISSUES = "巡查发现问题，已现场告知学校并下发整改通知。";
const DISPOSAL_NOTES = ["已现场制止并对相关人员进行批评教育", "已安排专人整改并加强巡查", "已组织全体从业人员培训"];
const AI_TYPES = ["after_hours_intrusion", "phone_use", "no_mask", "no_hat", "no_uniform", "post_absence", "trash_overflow", "smoking", "animal_intrusion", "rodent"] as const;
const AI_WEIGHTS = [2, 5, 6, 5, 3, 3, 3, 1, 1, 1];

type Row<T extends { $inferInsert: unknown }> = T["$inferInsert"];

/** The district inspector for each demo district (history-only accounts where the demo has none). */
const INSPECTOR_OF: Record<string, string> = { "420704": "echeng.inspector", "420703": "huarong.inspector", "420702": "ezhou.admin" };

export async function seedHistory(db: Db, opts: HistoryOptions): Promise<HistoryResult> {
  const { now } = opts;
  const days = opts.days ?? 92;
  const from = now - days * DAY;
  const random = seededRandom(20261204);
  const newId = seededIds(random);
  const between = (a: number, b: number) => Math.floor(a + random() * Math.max(0, b - a));
  const weighted = <T>(items: readonly T[], weights: readonly number[]) => {
    let r = random() * weights.reduce((s, w) => s + w, 0);
    for (let i = 0; i < items.length; i++) if ((r -= weights[i]!) < 0) return items[i]!;
    return items[items.length - 1]!;
  };

  const schoolRows = await db
    .select({ canteenId: canteens.id, canteenName: canteens.name, orgId: orgs.id, schoolName: orgs.name, regionCode: orgs.regionCode })
    .from(canteens)
    .innerJoin(orgs, eq(orgs.id, canteens.orgId))
    .where(eq(orgs.kind, "school"))
    .orderBy(canteens.createdAt, canteens.id);
  const cameraRows = await db.select({ id: cameras.id, canteenId: cameras.canteenId, gatewayId: cameras.gatewayId, name: cameras.name }).from(cameras).orderBy(cameras.id);
  const regulators = await db.select({ id: orgs.id, regionCode: orgs.regionCode, name: orgs.name }).from(orgs).where(eq(orgs.kind, "regulator"));
  const bases = await db.select({ id: legalBases.id, code: legalBases.code }).from(legalBases).orderBy(legalBases.sort);
  const known = new Map((await db.select({ id: users.id, username: users.username }).from(users)).map((u) => [u.username, u.id]));
  const principalOf = new Map<string, string>();
  for (const m of await db.select({ userId: memberships.userId, orgId: memberships.orgId }).from(memberships).where(eq(memberships.role, "principal"))) principalOf.set(m.orgId, m.userId);
  if (!schoolRows.length || !bases.length) throw new Error("seedHistory needs the demo data and the legal bases catalogue");
  const demoCanteenId = schoolRows[0]!.canteenId;

  // history-only accounts (no password: they cannot sign in): a principal per school without one, 黄石's inspector
  const newUsers: Array<Row<typeof users>> = [];
  const newMemberships: Array<Row<typeof memberships>> = [];
  const account = (username: string, displayName: string, orgId: string, role: "principal" | "inspector") => {
    const id = newId("usr");
    newUsers.push({ id, username, displayName, passwordHash: DUMMY_HASH, createdAt: from });
    newMemberships.push({ id: newId("mb"), userId: id, orgId, role, createdAt: from });
    return id;
  };
  const huangshi = regulators.find((r) => r.regionCode === "420200");
  const huangshiInspector = known.get("huangshi.inspector") ?? (huangshi ? account("huangshi.inspector", "黄石市巡查员 吴刚", huangshi.id, "inspector") : known.get("ezhou.admin")!);
  const surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"];
  schoolRows.forEach((s, i) => {
    if (!principalOf.has(s.orgId)) principalOf.set(s.orgId, account(`principal.${s.regionCode}.${i + 1}`, `${s.schoolName}校长 ${pick(random, surnames)}老师`, s.orgId, "principal"));
  });

  const regionName = new Map<string, string>(DEMO_REGIONS.map((r) => [r.code, r.name]));
  /** who inspects a school, and in the name of which regulator (its most local one with a person) */
  const inspectorOf = (regionCode: string) => {
    if (regionCode.startsWith("4202")) return { userId: huangshiInspector, regulator: huangshi!, prefix: orderNumberPrefix([regionName.get("420200")!]) };
    const userId = known.get(INSPECTOR_OF[regionCode] ?? "ezhou.admin")!;
    const regulatorCode = regionCode === "420702" ? "420700" : regionCode;
    const names = regulatorCode === "420700" ? ["鄂州市"] : ["鄂州市", regionName.get(regionCode)!];
    return { userId, regulator: regulators.find((r) => r.regionCode === regulatorCode)!, prefix: orderNumberPrefix(names) };
  };

  // ---- camera status events and camera_offline alerts ----
  const statusRows: Array<Row<typeof cameraStatusEvents>> = [];
  const alertRows: Array<Row<typeof alerts>> = [];
  const alertEventRows: Array<Row<typeof alertEvents>> = [];
  const cameraState = new Map<string, { status: "online" | "offline"; lastSeenAt: number; source?: string }>();
  const orgOfCanteen = new Map(schoolRows.map((s) => [s.canteenId, s.orgId]));
  const candidates = cameraRows.filter((c) => c.canteenId !== demoCanteenId);
  const dead = new Set<string>();
  while (dead.size < Math.min(DEAD_CAMERAS, candidates.length)) dead.add(pick(random, candidates).id);
  const offlineDeadline = DEFAULT_ALERT_DEADLINE_MINUTES.camera_offline * MIN;
  const REASONS = ["no video frames for 15 s: connection timed out", "no video frames for 15 s: Connection refused", "no video frames for 16 s"];

  const offlineAlert = (cam: (typeof cameraRows)[number], at: number, reason: string, backAt: number | null) => {
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
  for (const cam of cameraRows) {
    if (!cam.gatewayId) continue;
    let t = from + between(0, 6 * 3600_000);
    statusRows.push({ id: newId("cse"), cameraId: cam.id, status: "online", at: t, reason: null });
    const flaky = random() < 0.05;
    const perDay = flaky ? 0.15 : 0.015;
    const end = dead.has(cam.id) ? now - between(3 * 3600_000, 6 * DAY) : now - 10 * MIN;
    for (;;) {
      t += Math.floor((-Math.log(1 - random()) / perDay) * DAY);
      if (t >= end) break;
      const r = random();
      const duration = r < 0.7 ? between(MIN, 15 * MIN) : r < 0.95 ? between(15 * MIN, 4 * 3600_000) : between(4 * 3600_000, 2 * DAY);
      const back = Math.min(t + duration, end - MIN);
      if (back <= t) break;
      const reason = pick(random, REASONS);
      statusRows.push({ id: newId("cse"), cameraId: cam.id, status: "offline", at: t, reason });
      statusRows.push({ id: newId("cse"), cameraId: cam.id, status: "online", at: back, reason: null });
      offlineAlert(cam, t, reason, back);
      t = back;
    }
    if (dead.has(cam.id)) {
      const reason = "no video frames for 15 s: connection timed out";
      statusRows.push({ id: newId("cse"), cameraId: cam.id, status: "offline", at: end, reason });
      offlineAlert(cam, end, reason, null);
      cameraState.set(cam.id, { status: "offline", lastSeenAt: end, source: `rtsp://192.0.2.${11 + deadIndex++}:554/Streaming/Channels/101` });
    } else cameraState.set(cam.id, { status: "online", lastSeenAt: now });
  }

  // ---- inspections and orders ----
  const inspectionRows: Array<Row<typeof inspections>> = [];
  const participantRows: Array<Row<typeof inspectionParticipants>> = [];
  const pendingOrders: Array<{ inspectionId: string; canteenId: string; orgId: string; schoolName: string; at: number; inspector: ReturnType<typeof inspectorOf>; principal: string; areas: string[] }> = [];
  for (const s of schoolRows) {
    const inspector = inspectorOf(s.regionCode);
    const principal = principalOf.get(s.orgId)!;
    let t = from + between(0, 5 * DAY);
    while (t < now - DAY) {
      const kind = random() < 0.75 ? ("online_patrol" as const) : ("live_inspection" as const);
      // office hours, China time (UTC+8): 09:00–16:00
      const day = Math.floor((t + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;
      const startedAt = day + 9 * 3600_000 + between(0, 7 * 3600_000);
      const endedAt = startedAt + between(6 * MIN, 40 * MIN);
      const issues = random() < 0.22;
      const issueAreas = issues ? REQUIRED_PATROL_AREAS.filter(() => random() < 0.3) : [];
      if (issues && !issueAreas.length) issueAreas.push(pick(random, REQUIRED_PATROL_AREAS));
      const checklist = REQUIRED_PATROL_AREAS.map((areaKind) =>
        issueAreas.includes(areaKind)
          ? { areaKind, status: "issue" as const, note: pick(random, PROBLEMS[areaKind]!) }
          : { areaKind, status: random() < 0.04 ? ("not_seen" as const) : ("ok" as const) },
      );
      const id = newId("ins");
      inspectionRows.push({
        id,
        kind,
        canteenId: s.canteenId,
        room: canteenRoom(s.canteenId),
        status: "ended",
        startedBy: inspector.userId,
        startedAt,
        endedAt,
        result: issues ? "issues_found" : "satisfactory",
        outcome: issues ? `${OUTCOME_ISSUES}（${issueAreas.map((a) => AREA_NAMES_ZH[a]).join("、")}）` : pick(random, OUTCOME_OK),
        checklist: JSON.stringify(checklist),
      });
      participantRows.push({ id: newId("ipt"), inspectionId: id, participantSid: `PA_history_${id.slice(4)}_1`, identity: inspector.userId, name: "", role: "inspector", joinedAt: startedAt, leftAt: endedAt });
      if (kind === "live_inspection") {
        participantRows.push({ id: newId("ipt"), inspectionId: id, participantSid: `PA_history_${id.slice(4)}_2`, identity: principal, name: "", role: "principal", joinedAt: startedAt + between(MIN, 3 * MIN), leftAt: endedAt });
      }
      if (issues) pendingOrders.push({ inspectionId: id, canteenId: s.canteenId, orgId: s.orgId, schoolName: s.schoolName, at: endedAt, inspector, principal, areas: checklist.filter((c) => c.status === "issue").map((c) => c.areaKind) });
      t += between(6 * DAY, 16 * DAY);
    }
  }
  const nameOf = new Map([...newUsers.map((u) => [u.id, u.displayName] as const), ...(await db.select({ id: users.id, displayName: users.displayName }).from(users)).map((u) => [u.id, u.displayName] as const)]);
  for (const p of participantRows) p.name = nameOf.get(p.identity) ?? "";

  const orderRows: Array<Row<typeof orders>> = [];
  const itemRows: Array<Row<typeof orderItems>> = [];
  const orderEventRows: Array<Row<typeof orderEvents>> = [];
  const sequences = new Map<string, { regulatorOrgId: string; year: number; last: number }>();
  pendingOrders.sort((a, b) => a.at - b.at);
  for (const p of pendingOrders) {
    const issuedAt = p.at + between(MIN, 10 * MIN);
    const year = chinaYear(issuedAt);
    const key = `${p.inspector.regulator.id}:${year}`;
    const seqRow = sequences.get(key) ?? { regulatorOrgId: p.inspector.regulator.id, year, last: 0 };
    seqRow.last++;
    sequences.set(key, seqRow);
    const items = p.areas.map((area, n) => {
      const severity = weighted(["minor", "major", "critical"] as const, [6, 3, 1]);
      const basis = pick(random, bases);
      return { id: newId("oit"), seq: n + 1, problem: pick(random, PROBLEMS[area]!), severity, legalBasisId: basis.id, legalBasisCode: basis.code, deadline: issuedAt + DEFAULT_DEADLINE_DAYS[severity] * DAY, snapshots: [] };
    });
    const order = {
      id: newId("ord"),
      number: orderNumber(p.inspector.prefix, year, seqRow.last),
      canteenId: p.canteenId,
      inspectionId: p.inspectionId,
      issuerOrgId: p.inspector.regulator.id,
      issuedBy: p.inspector.userId,
      issuedAt,
      deadline: Math.min(...items.map((i) => i.deadline)),
      remarks: random() < 0.3 ? "请按期完成整改并上传整改照片。" : null,
    };
    // the school's steps, each some hours after the one before; the regulator's likewise
    const events: Array<Row<typeof orderEvents>> = [{ id: newId("oev"), orderId: order.id, type: "issued", fromStatus: null, toStatus: "issued", actorId: order.issuedBy, at: issuedAt }];
    let status = "issued" as "issued" | "acknowledged" | "submitted" | "accepted" | "closed";
    let t = issuedAt;
    let overdueAt: number | null = null;
    let escalatedAt: number | null = null;
    const step = (type: Row<typeof orderEvents>["type"], to: typeof status, actorId: string | null, minMs: number, maxMs: number, note: string | null = null) => {
      const at = t + between(minMs, maxMs);
      if (at >= now - 5 * MIN) return false;
      events.push({ id: newId("oev"), orderId: order.id, type, fromStatus: status, toStatus: to, actorId, at, note });
      status = to;
      t = at;
      return true;
    };
    const late = random() < 0.12; // this school lets the deadline pass
    const age = now - issuedAt;
    if (!late || age < DAY) {
      const span = Math.max(order.deadline - issuedAt, DAY);
      step("acknowledged", "acknowledged", p.principal, 10 * MIN, 6 * 3600_000) &&
        step("submitted", "submitted", p.principal, span * 0.1, span * 0.7, pick(random, DISPOSAL_NOTES)) &&
        (random() < 0.15 ? step("returned", "acknowledged", order.issuedBy, 2 * 3600_000, DAY, "整改照片不清晰，请重新拍摄上传。") && step("submitted", "submitted", p.principal, 3 * 3600_000, DAY, "已重新拍摄整改照片") : true) &&
        step("accepted", "accepted", order.issuedBy, DAY, 5 * DAY) &&
        (random() < 0.85 ? step("closed", "closed", order.issuedBy, 10 * MIN, DAY) : true);
    } else {
      if (random() < 0.5) step("acknowledged", "acknowledged", p.principal, 2 * 3600_000, DAY);
      if (order.deadline < now) {
        overdueAt = order.deadline;
        events.push({ id: newId("oev"), orderId: order.id, type: "overdue", fromStatus: status, toStatus: status, actorId: null, at: overdueAt, note: null, notified: JSON.stringify([{ orgId: p.orgId, orgName: p.schoolName }]) });
        if (order.deadline + 3 * DAY < now) {
          escalatedAt = order.deadline + 3 * DAY;
          events.push({ id: newId("oev"), orderId: order.id, type: "escalated", fromStatus: status, toStatus: status, actorId: null, at: escalatedAt, note: null, notified: JSON.stringify([{ orgId: order.issuerOrgId, orgName: p.inspector.regulator.name }]) });
        }
      }
    }
    orderRows.push({ ...order, status, overdue: overdueAt !== null, overdueAt, escalatedAt, documentSha256: documentSha256({ order, items }), updatedAt: Math.max(...events.map((e) => e.at)) });
    itemRows.push(...items.map((i) => ({ id: i.id, orderId: order.id, seq: i.seq, problem: i.problem, severity: i.severity, legalBasisId: i.legalBasisId, deadline: i.deadline })));
    orderEventRows.push(...events);
  }

  // ---- AI alerts ----
  const camerasOf = new Map<string, typeof cameraRows>();
  for (const c of cameraRows) if (c.gatewayId) camerasOf.set(c.canteenId, [...(camerasOf.get(c.canteenId) ?? []), c]);
  let aiAlerts = 0;
  for (const s of schoolRows) {
    const cams = camerasOf.get(s.canteenId) ?? [];
    if (!cams.length) continue;
    const inspector = inspectorOf(s.regionCode).userId;
    const principal = principalOf.get(s.orgId)!;
    let t = from + between(0, 3 * DAY);
    for (;;) {
      t += between(2 * DAY, 10 * DAY);
      if (t >= now - 30 * MIN) break;
      const cam = pick(random, cams);
      const type = weighted(AI_TYPES, AI_WEIGHTS);
      const id = newId("alr");
      const deadlineAt = t + DEFAULT_ALERT_DEADLINE_MINUTES[type] * MIN;
      const events: Array<Row<typeof alertEvents>> = [{ id: newId("ae"), alertId: id, action: "raised", actorId: null, at: t, note: null }];
      let status = "new" as NonNullable<Row<typeof alerts>["status"]>;
      let at = t;
      let fpProposed = false;
      const act = (action: Row<typeof alertEvents>["action"], to: typeof status, actorId: string | null, minMs: number, maxMs: number, note: string | null = null) => {
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
          act("disposed", "disposed", principal, 10 * MIN, 3 * 3600_000, pick(random, DISPOSAL_NOTES)) &&
          (random() < 0.1 ? act("returned", "acknowledged", inspector, 2 * 3600_000, DAY, "处置说明不充分，请补充。") && act("disposed", "disposed", principal, 30 * MIN, 4 * 3600_000, "已补充处置情况") : true) &&
          (old || random() < 0.5 ? act("verified", "verified", inspector, 2 * 3600_000, 2 * DAY) : true);
      } else if (r < 0.82) {
        const proposed = random() < 0.6;
        if (proposed && act("fp_proposed", "new", principal, 10 * MIN, 4 * 3600_000, "画面中为送货人员，非违规")) fpProposed = true;
        act("false_positive", "false_positive", inspector, 30 * MIN, DAY);
      } else if (r < 0.9) {
        act("acknowledged", "acknowledged", principal, 5 * MIN, 2 * 3600_000);
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
        snapshotKey: opts.alertPhoto?.key ?? null,
        snapshotSha256: opts.alertPhoto?.sha256 ?? null,
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
      aiAlerts++;
    }
  }

  await db.transaction(async (tx) => {
    const insertAll = async <T>(table: Parameters<typeof tx.insert>[0], rows: T[]) => {
      for (let i = 0; i < rows.length; i += BATCH) await tx.insert(table).values(rows.slice(i, i + BATCH) as never);
    };
    await insertAll(users, newUsers);
    await insertAll(memberships, newMemberships);
    await insertAll(cameraStatusEvents, statusRows);
    await insertAll(inspections, inspectionRows);
    await insertAll(inspectionParticipants, participantRows);
    await insertAll(orders, orderRows);
    await insertAll(orderItems, itemRows);
    await insertAll(orderEvents, orderEventRows);
    await insertAll(orderSequences, [...sequences.values()]);
    await insertAll(alerts, alertRows);
    await insertAll(alertEvents, alertEventRows);
    const online = [...cameraState].filter(([, s]) => s.status === "online").map(([id]) => id);
    for (let i = 0; i < online.length; i += BATCH) await tx.update(cameras).set({ status: "online", lastSeenAt: now }).where(inArray(cameras.id, online.slice(i, i + BATCH)));
    for (const [id, s] of cameraState) if (s.status === "offline") await tx.update(cameras).set({ status: "offline", lastSeenAt: s.lastSeenAt, source: s.source }).where(eq(cameras.id, id));
    const counts = { days, statusEvents: statusRows.length, inspections: inspectionRows.length, orders: orderRows.length, alerts: alertRows.length, aiAlerts, offlineCameras: dead.size };
    await appendAudit(tx, { actorId: null, action: "demo.history_seeded", targetType: "system", targetId: "demo", change: counts }, now);
  });
  return { from, statusEvents: statusRows.length, inspections: inspectionRows.length, alerts: alertRows.length, orders: orderRows.length, offlineCameras: dead.size };
}

/** Whether the history was seeded already (a second start must not add another). */
export const hasHistory = async (db: Db) => (await db.select({ n: count() }).from(inspections))[0]!.n > 0;
