/**
 * Every role × every endpoint, in its own jurisdiction ("home") and in another ("foreign").
 * Expectations come from the permission each route declares in the OpenAPI document and the one
 * PERMISSIONS table: a role without the permission gets 403, a foreign id answers 404 like a missing
 * one, a foreign list filter yields nothing. The test fails if an endpoint has no probe here.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchNotices, dispatchRecipients, orderItems, ptzControls, recordingClips, recordingDays, recordingPlaybacks, sensorCycles, sensors } from "../../db/schema/index.ts";
import { gb28181Devices, onvifRequests, zooms } from "../../db/schema/index.ts";
import { alertEvents, alertOccurrences, alerts, annotations, areas, cameras, canteenDisclosures, canteens, committeeMembers, complaints, evidence, gateways, inspections, ledgerEntries, ledgerPhotos, memberships, orderEvents, orders, orgs, patrolDraws, patrolNotices, patrolPlans, snapshots, spotCheckInspectors, spotChecks, staffMembers, users, viewingAttendance, viewingEvaluations, viewingFrames, viewingInvitees, viewingQuestions, viewingSessionCameras, viewingSessions } from "../../db/schema/index.ts";
import { canonicalDraw, commitmentOf, secretHashOf, type DrawInput } from "../../server/patrol/sampler.ts";
import { addInspector } from "../support/patrol.ts";
import { insertFieldTask } from "../support/field.ts";
import { legalBasisId } from "../../db/seed/legal-bases.ts";
import { localMediaStore } from "../../server/media-store/store.ts";
import { trackingCode } from "../../server/complaints/rules.ts";
import { base64, imageForm, jpegFrame, tinyJpeg } from "../support/images.ts";
import { rolesWith, type Permission } from "../../server/auth/permissions.ts";
import { newId } from "../../server/auth/tokens.ts";
import type { Role } from "../../server/accounts/contracts.ts";
import { DUMMY_HASH, hashPassword } from "../../server/accounts/password.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { insertDelivery, insertTraceFixture, type TraceFixture } from "../support/trace.ts";

interface Target {
  orgId: string;
  orgName: string;
  regionCode: string;
  canteenId: string;
  areaId: string;
  cameraId: string;
  gatewayId: string;
  parentUserId: string;
  inspectionId: string;
  snapshotId: string;
  orderId: string;
  /** the order's problem (its first item): a clip may be attached to it */
  orderItemId: string;
  /** an alert with a snapshot and a disposal photo */
  alertId: string;
  photoEventId: string;
  /** a committed 网上抽查 draw of the target's district */
  drawId: string;
  /** a pending spot check of the target's canteen (assigned to the demo admin and the 鄂城区 inspector in 鄂州) */
  spotCheckId: string;
  /** a yearly patrol plan of the target's district */
  planId: string;
  /** the canteen's public page */
  slug: string;
  /** an open complaint with a photo */
  complaintId: string;
  complaintCode: string;
  /** a principal of the school (a viewing session's host) and an open session the parent is invited to and attends */
  hostId: string;
  sessionId: string;
  /** a staff file with a certificate photo, a ledger entry with a photo */
  staffId: string;
  ledgerEntryId: string;
  ledgerPhotoId: string;
  /** an assigned 靶向飞行 field task (to the demo admin and the 鄂城区 inspector in 鄂州) and an on-site photo of another */
  fieldTaskId: string;
  fieldPhotoId: string;
  /** a district-behind notice of the target's district */
  noticeId: string;
  /** a dispatch notice (issue 16, item 8) to the target's district, addressed to the target's school alone */
  dispatchId: string;
  /** traceability (issue 15): a supplier serving the canteen, an accepted delivery in stock, a dish that used it, a warning */
  trace: TraceFixture;
  /** an IoT sensor (issue 17): a disinfection cabinet beside the camera, with one run today */
  sensorId: string;
  cycleId: string;
}

type Res = Awaited<ReturnType<TestApp["call"]>>;
interface Probe {
  /** "get /api/v1/orgs/{id}" as in the OpenAPI document */
  op: string;
  run: (token: string | undefined, target: Target, ctx: { role: Role; username: string }) => Promise<Res>;
  ok: number;
  /** status for a foreign target when the role holds the permission (default 404) */
  foreign?: number;
  /** for lists: what must (home) or must not (foreign) be in the answer */
  check?: (res: Res, target: Target, home: boolean) => void;
}

let t: TestApp;
let n = 0;
const unique = (s: string) => `${s}${++n}`;
/** a fresh 20-digit GB/T 28181 device id (ids are unique across canteens) */
const gbDeviceId = () => `3402000000132${String(++n).padStart(7, "0")}`;
type Access = Permission | "public" | "device" | "signed";
const permissionOf = new Map<string, Access>();

const ROLE_USERS: Record<Role, string> = {
  regulator_admin: "ezhou.admin",
  inspector: "echeng.inspector",
  education_officer: "ezhou.edu",
  principal: "school.principal",
  food_safety_director: "school.director",
  food_safety_officer: "school.officer",
  canteen_staff: "school.staff",
  supplier_manager: "supplier.manager",
  parent_rep: "school.parent",
};
const tokens = {} as Record<Role, string>;
const homeOf = {} as Record<Role, Target>;
const foreignOf = {} as Record<Role, Target>;

async function insertUser(orgId: string, role: Role) {
  const id = newId("usr");
  await t.db.insert(users).values({ id, username: unique("fixture."), displayName: "测试用户", passwordHash: DUMMY_HASH, createdAt: Date.now() });
  const membershipId = newId("mb");
  await t.db.insert(memberships).values({ id: membershipId, userId: id, orgId, role, createdAt: Date.now() });
  return { userId: id, membershipId };
}

async function targetFor(orgName: string, parentUserId?: string): Promise<Target> {
  const [org] = await t.db.select().from(orgs).where(eq(orgs.name, orgName));
  const [canteen] = await t.db.select().from(canteens).where(eq(canteens.orgId, org!.id));
  const [area] = await t.db.select().from(areas).where(eq(areas.canteenId, canteen!.id));
  const [camera] = await t.db.select().from(cameras).where(and(eq(cameras.canteenId, canteen!.id), eq(cameras.publicVisible, true)));
  const [gateway] = await t.db.select().from(gateways).where(eq(gateways.canteenId, canteen!.id));
  const inspectionId = await insertInspection(canteen!.id, "ended");
  const snapshotId = await insertSnapshot(canteen!.id, camera!.id);
  return {
    orgId: org!.id,
    orgName: org!.name,
    regionCode: org!.regionCode,
    canteenId: canteen!.id,
    areaId: area!.id,
    cameraId: camera!.id,
    gatewayId: gateway!.id,
    inspectionId,
    snapshotId,
    ...(await insertOrderWithProblem(canteen!.id, inspectionId)),
    ...(await insertAlert({ canteenId: canteen!.id, orgId: org!.id, cameraId: camera!.id, gatewayId: gateway!.id }, "disposed")),
    ...(await insertDrawWithCheck(org!.regionCode, canteen!.id)),
    planId: await insertPlan(org!.regionCode),
    slug: await openAllDay(canteen!.id, canteen!.publicSlug),
    ...(await insertComplaint({ canteenId: canteen!.id, orgId: org!.id }, "open")),
    ...(await insertViewing({ orgId: org!.id, canteenId: canteen!.id, cameraId: camera!.id }, parentUserId)),
    ...(await insertLedger(canteen!.id)),
    ...(await fieldFixtures({ canteenId: canteen!.id, orgId: org!.id, regionCode: org!.regionCode })),
    noticeId: await insertNotice(org!.regionCode),
    dispatchId: await insertDispatch(org!.id, org!.regionCode),
    ...(await insertSensor(canteen!.id, area!.id, camera!.id, gateway!.id)),
    // a supplier's own canteen is served by that supplier (the supplier manager's home); a school's by a fixture supplier
    trace: await insertTraceFixture(t.db, localMediaStore(t.config.mediaDir), canteen!.id, org!.kind === "supplier" ? org!.id : null),
  };
}

async function insertDispatch(orgId: string, regionCode: string) {
  const id = newId("dsp");
  const [sender] = await t.db.select({ userId: memberships.userId, orgId: memberships.orgId }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(users.username, "ezhou.admin"));
  await t.db.insert(dispatchNotices).values({ id, regionCode, senderOrgId: sender!.orgId, senderId: sender!.userId, title: "矩阵调度通知", body: "矩阵", urgency: "normal", createdAt: Date.now() });
  await t.db.insert(dispatchRecipients).values({ noticeId: id, orgId });
  return id;
}

async function insertNotice(district: string) {
  const id = newId("pnt");
  const detail = { coverage: { covered: 0, total: 1, permille: 0, daysLeft: 30, behind: true }, quota: null };
  await t.db.insert(patrolNotices).values({ id, planId: await insertPlan(district), district, day: "2026-11-02", detail: JSON.stringify(detail), createdAt: Date.now() });
  return id;
}

/** 靶向飞行 tasks of a target, assigned in 鄂州 to the matrix's caller (else to an inspector outside the matrix, so the assignment opens nothing) */
const fieldTaskOf = (tg: { canteenId: string; orgId: string; regionCode: string }, status: "assigned" | "on_site", caller: string, photo = false) =>
  insertFieldTask(t.db, localMediaStore(t.config.mediaDir), tg, { status, assignees: [tg.regionCode.startsWith("4207") ? caller : "huarong.inspector"], photo });
async function fieldFixtures(tg: { canteenId: string; orgId: string; regionCode: string }) {
  const home = tg.regionCode.startsWith("4207");
  const { taskId } = await insertFieldTask(t.db, localMediaStore(t.config.mediaDir), tg, { status: "assigned", assignees: home ? ["ezhou.admin", "echeng.inspector"] : ["huarong.inspector"] });
  const { photoId } = await fieldTaskOf(tg, "on_site", "ezhou.admin", true);
  return { fieldTaskId: taskId, fieldPhotoId: photoId! };
}
async function eligibleId(username: string) {
  const [u] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return u!.id;
}

/** A committee seat for the parent, a host, and an open session with the parent invited and attending. */
async function insertViewing(tg: { orgId: string; canteenId: string; cameraId: string }, parentId: string | undefined) {
  const parentUserId = parentId ?? (await insertUser(tg.orgId, "parent_rep")).userId;
  await t.db.insert(committeeMembers).values({ id: newId("cmm"), orgId: tg.orgId, userId: parentUserId, grade: "七年级", term: "2026", createdAt: Date.now() });
  const hostId = (await insertUser(tg.orgId, "principal")).userId;
  const sessionId = await insertSession({ ...tg, parentUserId, hostId });
  return { parentUserId, hostId, sessionId };
}
async function insertSession(tg: { orgId: string; canteenId: string; cameraId: string; parentUserId: string; hostId: string }) {
  const id = newId("vws");
  const now = Date.now();
  await t.db.insert(viewingSessions).values({ id, canteenId: tg.canteenId, orgId: tg.orgId, title: "矩阵观看", startsAt: now - 600_000, endsAt: now + 3_000_000, hostId: tg.hostId, status: "scheduled", createdBy: tg.hostId, createdAt: now });
  await t.db.insert(viewingSessionCameras).values({ sessionId: id, cameraId: tg.cameraId });
  await t.db.insert(viewingInvitees).values({ sessionId: id, userId: tg.parentUserId });
  await t.db.insert(viewingAttendance).values({ id: newId("vat"), sessionId: id, userId: tg.parentUserId, participantSid: unique("PA_matrix"), joinedAt: now });
  return id;
}
const sessionOf = (tg: Target) => insertSession(tg);
async function questionOf(tg: Target) {
  const id = newId("vqu");
  await t.db.insert(viewingQuestions).values({ id, sessionId: tg.sessionId, askerId: tg.parentUserId, text: "矩阵问题", status: "pending", createdAt: Date.now() });
  return id;
}
/** A frame the invited parent froze of the session's camera (stored in the media store like an upload). */
async function frameOf(tg: Target, sessionId = tg.sessionId) {
  const image = jpegFrame();
  const stored = await localMediaStore(t.config.mediaDir).put(image, "image/jpeg", "snapshot");
  const id = newId("vfr");
  await t.db.insert(viewingFrames).values({ id, sessionId, userId: tg.parentUserId, cameraId: tg.cameraId, takenAt: Date.now(), mediaKey: stored.key, sha256: stored.sha256, contentType: "image/jpeg", bytes: stored.bytes, width: 64, height: 36 });
  return id;
}
async function evaluationOf(tg: Target) {
  const id = newId("vev");
  await t.db.insert(viewingEvaluations).values({ id, sessionId: await sessionOf(tg), userId: tg.parentUserId, hygiene: 4, operations: 4, food: 4, problems: "矩阵问题", createdAt: Date.now() });
  return id;
}

/** The canteen's public cameras open to anyone all day (the live-token probe), answering its slug. */
async function openAllDay(canteenId: string, slug: string) {
  await t.db.insert(canteenDisclosures).values({ canteenId, liveFrom: "00:00", liveTo: "23:59", viewerCap: 500, updatedAt: Date.now() }).onConflictDoNothing();
  return slug;
}

/** A complaint of the target's canteen in the given state (overdue: its deadline passed), with a photo. */
async function insertComplaint(tg: { canteenId: string; orgId: string }, status: "open" | "answered", overdue = false) {
  const photo = await localMediaStore(t.config.mediaDir).put(tinyJpeg(20, 20), "image/jpeg", "evidence");
  const complaintId = newId("cmp");
  const complaintCode = trackingCode(crypto.getRandomValues(new Uint8Array(32)));
  const now = Date.now();
  await t.db.insert(complaints).values({
    id: complaintId, code: complaintCode, canteenId: tg.canteenId, orgId: tg.orgId, category: "hygiene", text: "矩阵投诉", phone: "13800001111", photoKey: photo.key, photoSha256: photo.sha256, photoContentType: "image/jpeg",
    status, answer: status === "answered" ? "已处理" : null, answeredAt: status === "answered" ? now : null, deadlineAt: overdue ? now - 1000 : now + 86_400_000, createdAt: now, updatedAt: now,
  });
  return { complaintId, complaintCode };
}
const complaintOf = (tg: Target, status: "open" | "answered", overdue = false) => insertComplaint(tg, status, overdue).then((c) => c.complaintId);

/** A staff file and a ledger entry (with a photo) of the canteen, written directly. */
// negative positions: never the ones the API appends at (the chain is not what this test checks)
let ledgerSeq = 0;
async function insertLedgerEntry(canteenId: string) {
  const [author] = await t.db.select().from(users).where(eq(users.username, "ezhou.admin"));
  const id = newId("led");
  const now = Date.now();
  await t.db.insert(ledgerEntries).values({
    id, canteenId, kind: "sample", entryKey: id, version: 1, data: JSON.stringify({ dish: "米饭", meal: "lunch", weightGrams: 150 }), subject: "lunch", eventAt: now - 60_000,
    day: new Date(now + 8 * 3600_000).toISOString().slice(0, 10), enteredAt: now, enteredBy: author!.id, late: false, idempotencyKey: unique("matrix-ledger-"), seq: --ledgerSeq, prevHash: "0".repeat(64), hash: "0".repeat(64),
  });
  return id;
}
async function insertLedger(canteenId: string) {
  const store = localMediaStore(t.config.mediaDir);
  const photo = await store.put(tinyJpeg(), "image/jpeg", "evidence");
  const staffId = newId("stf");
  const now = Date.now();
  await t.db.insert(staffMembers).values({ id: staffId, canteenId, name: "矩阵", position: "厨师", certificateNo: "HC000001", certificateIssuedOn: "2026-01-01", certificateExpiresOn: "2099-01-01", photoKey: photo.key, photoSha256: photo.sha256, photoType: "image/jpeg", createdAt: now, updatedAt: now });
  const ledgerEntryId = await insertLedgerEntry(canteenId);
  const ledgerPhotoId = newId("lph");
  await t.db.insert(ledgerPhotos).values({ id: ledgerPhotoId, entryId: ledgerEntryId, seq: 1, mediaKey: photo.key, sha256: photo.sha256, contentType: "image/jpeg", bytes: photo.bytes });
  return { staffId, ledgerEntryId, ledgerPhotoId };
}

/** An alert of the target's camera in the given state, with a snapshot and (disposed) a photo. */
async function insertAlert(tg: { canteenId: string; orgId: string; cameraId: string; gatewayId: string }, status: "new" | "acknowledged" | "disposed", fpProposed = false) {
  const store = localMediaStore(t.config.mediaDir);
  const snap = await store.put(tinyJpeg(), "image/jpeg", "alert");
  const alertId = newId("alr");
  const now = Date.now();
  await t.db.insert(alerts).values({
    id: alertId, gatewayId: tg.gatewayId, cameraId: tg.cameraId, canteenId: tg.canteenId, orgId: tg.orgId, type: "after_hours_intrusion", confidence: 0.8, boxes: "[]",
    snapshotKey: snap.key, snapshotSha256: snap.sha256, occurredAt: now, receivedAt: now, status, fpProposed, deadlineAt: now + 3600_000, idempotencyKey: unique("matrix-key-"), updatedAt: now,
  });
  const photoEventId = newId("ae");
  const photo = status === "disposed" ? await store.put(tinyJpeg(8, 8), "image/jpeg", "evidence") : null;
  await t.db.insert(alertEvents).values({ id: photoEventId, alertId, action: status === "disposed" ? "disposed" : "raised", at: now, note: "矩阵", photoKey: photo?.key ?? null, photoSha256: photo?.sha256 ?? null });
  return { alertId, photoEventId };
}
/** A later detection folded into the target's alert. */
async function insertOccurrence(tg: Target) {
  const snap = await localMediaStore(t.config.mediaDir).put(tinyJpeg(16, 12), "image/jpeg", "alert");
  const id = newId("aoc");
  const now = Date.now();
  await t.db.insert(alertOccurrences).values({ id, alertId: tg.alertId, gatewayId: tg.gatewayId, idempotencyKey: unique("matrix-occ-"), occurredAt: now, receivedAt: now, confidence: 0.8, boxes: "[]", snapshotKey: snap.key, snapshotSha256: snap.sha256 });
  return id;
}
const alertOf = (tg: Target, status: "new" | "acknowledged" | "disposed", fpProposed = false) =>
  insertAlert({ canteenId: tg.canteenId, orgId: tg.orgId, cameraId: tg.cameraId, gatewayId: tg.gatewayId }, status, fpProposed).then((a) => a.alertId);

/** A draw of a district with the canteen as its only candidate, and the canteen's spot check (patrol, issue 12). */
async function insertDraw(regionCode: string, canteenId: string, status: "draft" | "committed") {
  const people = await t.db.select({ id: users.id }).from(users).where(inArray(users.username, ["ezhou.admin", "echeng.inspector"]));
  const input: DrawInput = {
    version: 1,
    regionCode,
    rules: { count: 1, method: "uniform", weights: { high: 3, medium: 2, low: 1 }, inspectorsPerTarget: 2, avoidOwnDistrict: false },
    candidates: [{ id: canteenId, district: regionCode, grade: "low" }],
    inspectors: people.map((p) => ({ id: p.id, district: regionCode })),
  };
  const id = newId("drw");
  const secret = "a".repeat(64);
  await t.db.insert(patrolDraws).values({
    id, regionCode, name: "矩阵抽查", status, publicValueSource: "矩阵公开值", input: canonicalDraw(input), risk: "[]", commitment: commitmentOf(input), secret, secretHash: secretHashOf(secret),
    createdBy: people[0]!.id, createdAt: Date.now(), committedAt: status === "committed" ? Date.now() : null,
  });
  return id;
}
async function insertDrawWithCheck(regionCode: string, canteenId: string) {
  const drawId = await insertDraw(regionCode, canteenId, "committed");
  return { drawId, spotCheckId: await insertSpotCheck(drawId, canteenId, regionCode.startsWith("4207")) };
}
async function insertSpotCheck(drawId: string, canteenId: string, assigned = true) {
  const id = newId("spc");
  await t.db.insert(spotChecks).values({ id, drawId: drawId, canteenId, status: "pending" });
  const people = await t.db.select({ id: users.id }).from(users).where(inArray(users.username, ["ezhou.admin", "echeng.inspector"]));
  if (assigned) await t.db.insert(spotCheckInspectors).values(people.map((p) => ({ spotCheckId: id, userId: p.id })));
  return id;
}
/** the API's plans: one per region and year, 2021 onwards (one per call of the probe) */
let planYear = 2020;
async function insertPlan(regionCode: string) {
  const [author] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, "ezhou.admin"));
  const id = newId("pln");
  await t.db.insert(patrolPlans).values({ id, regionCode, year: 1000 + ++n, name: "矩阵计划", semesters: JSON.stringify([{ name: "秋季学期", from: "2026-09-01", to: "2027-01-31" }]), monthlyQuotas: JSON.stringify({ [regionCode]: 3 }), createdBy: author!.id, createdAt: Date.now() });
  return id;
}
const newDrawOf = (tg: Target, status: "draft" | "committed") => insertDraw(tg.regionCode, tg.canteenId, status);

const ids = (res: Res) => (res.json?.items ?? []).map((i: { id: string }) => i.id);
const listed = (get: (tg: Target) => string) => (res: Res, tg: Target, home: boolean) =>
  home ? expect(ids(res)).toContain(get(tg)) : expect(ids(res)).not.toContain(get(tg));

const thisMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

const PROBES: Probe[] = [
  { op: "get /healthz", ok: 200, foreign: 200, run: () => t.call("GET", "/healthz") },
  { op: "post /api/v1/auth/login", ok: 200, foreign: 200, run: (_tk, _tg, { username }) => t.call("POST", "/api/v1/auth/login", { body: { username, password: "mcll-demo-2026" } }) },
  {
    op: "post /api/v1/auth/logout-everywhere",
    ok: 200,
    foreign: 200,
    // ends every session of a fixture user of the same role, so the matrix token stays valid
    run: async (token, tg, { role }) => {
      if (!token) return t.call("POST", "/api/v1/auth/logout-everywhere");
      const { userId } = await insertUser(tg.orgId, role);
      const [row] = await t.db.select({ username: users.username }).from(users).where(eq(users.id, userId));
      await t.db.update(users).set({ passwordHash: await hashPassword("matrix-password-1") }).where(eq(users.id, userId));
      const own = (await t.call("POST", "/api/v1/auth/login", { body: { username: row!.username, password: "matrix-password-1" } })).json.token;
      return t.call("POST", "/api/v1/auth/logout-everywhere", { token: own });
    },
  },
  { op: "get /api/v1/auth/me", ok: 200, foreign: 200, run: (token) => t.call("GET", "/api/v1/auth/me", { token }) },
  {
    op: "post /api/v1/auth/logout",
    ok: 200,
    foreign: 200,
    // logs out a second session of the same user, so the matrix token stays valid
    run: async (token, _tg, { username }) => t.call("POST", "/api/v1/auth/logout", { token: token && (await t.login(username)) }),
  },
  { op: "get /api/v1/regions", ok: 200, foreign: 200, run: (token) => t.call("GET", "/api/v1/regions?parent=420000", { token }) },
  { op: "get /api/v1/orgs", ok: 200, foreign: 200, check: listed((tg) => tg.orgId), run: (token, tg) => t.call("GET", `/api/v1/orgs?q=${encodeURIComponent(tg.orgName)}`, { token }) },
  { op: "get /api/v1/orgs/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/orgs/${tg.orgId}`, { token }) },
  {
    op: "post /api/v1/orgs",
    ok: 201,
    foreign: 403, // region codes are public, so an out-of-jurisdiction region is refused outright
    run: (token, tg) => t.call("POST", "/api/v1/orgs", { token, body: { kind: "school", name: unique("矩阵测试学校"), regionCode: tg.regionCode } }),
  },
  { op: "patch /api/v1/orgs/{id}", ok: 200, run: (token, tg) => t.call("PATCH", `/api/v1/orgs/${tg.orgId}`, { token, body: { creditCode: null } }) },
  { op: "get /api/v1/schools", ok: 200, foreign: 200, check: listed((tg) => tg.orgId), run: (token, tg) => t.call("GET", `/api/v1/schools?q=${encodeURIComponent(tg.orgName)}`, { token }) },
  { op: "get /api/v1/canteens", ok: 200, foreign: 200, check: listed((tg) => tg.canteenId), run: (token, tg) => t.call("GET", `/api/v1/canteens?orgId=${tg.orgId}`, { token }) },
  { op: "post /api/v1/canteens", ok: 201, run: (token, tg) => t.call("POST", "/api/v1/canteens", { token, body: { orgId: tg.orgId, name: unique("第二食堂") } }) },
  { op: "get /api/v1/canteens/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/canteens/${tg.canteenId}`, { token }) },
  { op: "patch /api/v1/canteens/{id}", ok: 200, run: (token, tg) => t.call("PATCH", `/api/v1/canteens/${tg.canteenId}`, { token, body: { grade: "B" } }) },
  { op: "post /api/v1/canteens/{id}/areas", ok: 201, run: (token, tg) => t.call("POST", `/api/v1/canteens/${tg.canteenId}/areas`, { token, body: { kind: "other", name: unique("更衣室") } }) },
  { op: "patch /api/v1/areas/{id}", ok: 200, run: (token, tg) => t.call("PATCH", `/api/v1/areas/${tg.areaId}`, { token, body: { name: "食品库房" } }) },
  { op: "get /api/v1/cameras", ok: 200, check: listed((tg) => tg.cameraId), run: (token, tg) => t.call("GET", `/api/v1/cameras?canteenId=${tg.canteenId}`, { token }) },
  { op: "post /api/v1/cameras", ok: 201, run: (token, tg) => t.call("POST", "/api/v1/cameras", { token, body: { areaId: tg.areaId, name: unique("新摄像头"), source: "test:新摄像头" } }) },
  { op: "get /api/v1/cameras/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/cameras/${tg.cameraId}`, { token }) },
  { op: "get /api/v1/gb28181/devices", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/gb28181/devices?canteenId=${tg.canteenId}`, { token }) },
  { op: "post /api/v1/gb28181/devices", ok: 201, run: (token, tg) => t.call("POST", "/api/v1/gb28181/devices", { token, body: { canteenId: tg.canteenId, deviceId: gbDeviceId(), name: "矩阵国标设备", password: "matrix-1234" } }) },
  {
    op: "delete /api/v1/gb28181/devices/{id}",
    ok: 200,
    // a device of the target canteen made for this call, so each role deletes its own
    run: async (token, tg) => {
      const id = `gbd_${unique("m").replace(/[^A-Za-z0-9]/g, "").padEnd(8, "0")}`;
      await t.db.insert(gb28181Devices).values({ id, canteenId: tg.canteenId, deviceId: gbDeviceId(), name: "矩阵", password: "x", createdAt: Date.now() });
      return t.call("DELETE", `/api/v1/gb28181/devices/${id}`, { token });
    },
  },
  { op: "post /api/v1/gateway/gb28181", ok: 401, foreign: 401, run: (token) => t.call("POST", "/api/v1/gateway/gb28181", { token, body: { deviceId: "34020000001320000001", online: true } }) },
  { op: "patch /api/v1/cameras/{id}", ok: 200, run: (token, tg) => t.call("PATCH", `/api/v1/cameras/${tg.cameraId}`, { token, body: { ptz: true } }) },
  // IoT sensors (issue 17): read like alerts (parents never), registered like cameras; the gateway's two take a device token only
  { op: "get /api/v1/sensors", ok: 200, check: listed((tg) => tg.sensorId), run: (token, tg) => t.call("GET", `/api/v1/sensors?canteenId=${tg.canteenId}`, { token }) },
  { op: "get /api/v1/sensors/cycles", ok: 200, check: listed((tg) => tg.cycleId), run: (token, tg) => t.call("GET", `/api/v1/sensors/cycles?canteenId=${tg.canteenId}&day=${chinaToday()}`, { token }) },
  { op: "post /api/v1/sensors", ok: 201, run: (token, tg) => t.call("POST", "/api/v1/sensors", { token, body: { areaId: tg.areaId, kind: "fridge", name: unique("冰箱"), topic: unique("matrix/fridge") } }) },
  { op: "patch /api/v1/sensors/{id}", ok: 200, run: (token, tg) => t.call("PATCH", `/api/v1/sensors/${tg.sensorId}`, { token, body: { thresholds: { minRunMinutes: 20 } } }) },
  { op: "get /api/v1/sensors/{id}/readings", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/sensors/${tg.sensorId}/readings`, { token }) },
  { op: "get /api/v1/gateway/sensors", ok: 401, foreign: 401, run: (token) => t.call("GET", "/api/v1/gateway/sensors", { token }) },
  { op: "post /api/v1/gateway/sensors/readings", ok: 401, foreign: 401, run: (token, tg) => t.call("POST", "/api/v1/gateway/sensors/readings", { token, body: { batchId: "matrix-batch", readings: [{ sensorId: tg.sensorId, at: new Date().toISOString(), on: true }] } }) },
  { op: "get /api/v1/gateways", ok: 200, check: listed((tg) => tg.gatewayId), run: (token, tg) => t.call("GET", `/api/v1/gateways?canteenId=${tg.canteenId}`, { token }) },
  { op: "post /api/v1/gateways", ok: 201, run: (token, tg) => t.call("POST", "/api/v1/gateways", { token, body: { canteenId: tg.canteenId, name: unique("网关") } }) },
  {
    op: "post /api/v1/gateways/{id}/revoke",
    ok: 200,
    run: async (token, tg) => {
      const [gw] = await t.db.insert(gateways).values({ id: newId("gw"), canteenId: tg.canteenId, name: "待吊销", tokenHash: newId("h"), tokenHint: "x", createdAt: Date.now() }).returning();
      return t.call("POST", `/api/v1/gateways/${gw!.id}/revoke`, { token });
    },
  },
  { op: "get /api/v1/users", ok: 200, foreign: 200, check: listed((tg) => tg.parentUserId), run: (token, tg) => t.call("GET", `/api/v1/users?orgId=${tg.orgId}`, { token }) },
  { op: "get /api/v1/users/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/users/${tg.parentUserId}`, { token }) },
  {
    op: "post /api/v1/users",
    ok: 201,
    run: (token, tg) => t.call("POST", "/api/v1/users", { token, body: { username: unique("parent.new"), displayName: "家长", password: "a-long-password", orgId: tg.orgId, role: "parent_rep" } }),
  },
  { op: "patch /api/v1/users/{id}", ok: 200, run: (token, tg) => t.call("PATCH", `/api/v1/users/${tg.parentUserId}`, { token, body: { displayName: "家长代表" } }) },
  {
    op: "post /api/v1/memberships",
    ok: 201,
    run: async (token, tg) => {
      const { userId } = await insertUser(tg.orgId, "canteen_staff");
      return t.call("POST", "/api/v1/memberships", { token, body: { userId, orgId: tg.orgId, role: "parent_rep" } });
    },
  },
  {
    op: "delete /api/v1/memberships/{id}",
    ok: 200,
    run: async (token, tg) => {
      // an account keeps at least one membership (409 otherwise): the fixture has a second one to remove
      const { userId } = await insertUser(tg.orgId, "canteen_staff");
      const membershipId = newId("mb");
      await t.db.insert(memberships).values({ id: membershipId, userId, orgId: tg.orgId, role: "parent_rep", createdAt: Date.now() });
      return t.call("DELETE", `/api/v1/memberships/${membershipId}`, { token });
    },
  },
  { op: "get /api/v1/audit/verify", ok: 200, foreign: 200, run: (token) => t.call("GET", "/api/v1/audit/verify", { token }) },
  { op: "post /api/v1/live/token", ok: 200, run: (token, tg) => t.call("POST", "/api/v1/live/token", { token, body: { canteenId: tg.canteenId } }) },
  // these two never accept a user's session: a device token or a LiveKit signature is required
  { op: "post /api/v1/livekit/webhook", ok: 401, foreign: 401, run: (token) => t.call("POST", "/api/v1/livekit/webhook", { token, raw: "{}", headers: { "content-type": "application/webhook+json" } }) },
  { op: "get /api/v1/gateway/config", ok: 401, foreign: 401, run: (token) => t.call("GET", "/api/v1/gateway/config", { token }) },
  { op: "post /api/v1/gateway/heartbeat", ok: 401, foreign: 401, run: (token) => t.call("POST", "/api/v1/gateway/heartbeat", { token, body: { cameras: [] } }) },
  { op: "get /api/v1/inspections", ok: 200, foreign: 200, check: listed((tg) => tg.inspectionId), run: (token, tg) => t.call("GET", `/api/v1/inspections?canteenId=${tg.canteenId}`, { token }) },
  { op: "get /api/v1/inspections/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/inspections/${tg.inspectionId}`, { token }) },
  {
    op: "post /api/v1/inspections",
    ok: 201,
    run: async (token, tg) => {
      const res = await t.call("POST", "/api/v1/inspections", { token, body: { canteenId: tg.canteenId, kind: "online_patrol" } });
      // leave no session running, so the next role can start one too
      if (res.status === 201) await t.db.update(inspections).set({ status: "ended", endedAt: Date.now() }).where(eq(inspections.id, res.json.id));
      return res;
    },
  },
  {
    op: "post /api/v1/inspections/{id}/end",
    ok: 200,
    run: async (token, tg) => {
      const id = await insertInspection(tg.canteenId, "active");
      const res = await t.call("POST", `/api/v1/inspections/${id}/end`, { token, body: { outcome: "巡查完毕", checklist: CHECKLIST } });
      await t.db.update(inspections).set({ status: "ended" }).where(eq(inspections.id, id));
      return res;
    },
  },
  { op: "post /api/v1/snapshots", ok: 201, run: (token, tg) => t.call("POST", "/api/v1/snapshots", { token, form: imageForm("file", [jpegFrame()], { cameraId: tg.cameraId }) }) },
  { op: "get /api/v1/snapshots", ok: 200, foreign: 200, check: listed((tg) => tg.snapshotId), run: (token, tg) => t.call("GET", `/api/v1/snapshots?canteenId=${tg.canteenId}`, { token }) },
  { op: "get /api/v1/snapshots/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/snapshots/${tg.snapshotId}`, { token }) },
  { op: "post /api/v1/snapshots/{id}/show", ok: 200, run: (token, tg) => t.call("POST", `/api/v1/snapshots/${tg.snapshotId}/show`, { token }) },
  { op: "get /api/v1/snapshots/{id}/image", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/snapshots/${tg.snapshotId}/image`, { token }) },
  { op: "get /api/v1/snapshots/{id}/annotations", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/snapshots/${tg.snapshotId}/annotations`, { token }) },
  {
    op: "post /api/v1/snapshots/{id}/annotations",
    ok: 201,
    run: (token, tg) => t.call("POST", `/api/v1/snapshots/${tg.snapshotId}/annotations`, { token, body: { shape: { kind: "rect", x: 0.1, y: 0.1, w: 0.2, h: 0.2 } } }),
  },
  {
    op: "delete /api/v1/annotations/{id}",
    ok: 200,
    // the caller's own shape (undoing another's is 403 by design, tested in snapshots.test.ts)
    run: async (token, tg, { username }) => t.call("DELETE", `/api/v1/annotations/${await insertAnnotation(tg.snapshotId, username)}`, { token }),
  },
  { op: "get /api/v1/legal-bases", ok: 200, foreign: 200, run: (token) => t.call("GET", "/api/v1/legal-bases", { token }) },
  {
    op: "post /api/v1/orders",
    ok: 201,
    run: (token, tg) =>
      t.call("POST", "/api/v1/orders", { token, body: { inspectionId: tg.inspectionId, items: [{ problem: "矩阵测试", severity: "minor", legalBasisId: legalBasisId("fsl-33"), snapshotIds: [tg.snapshotId] }] } }),
  },
  { op: "get /api/v1/orders", ok: 200, foreign: 200, check: listed((tg) => tg.orderId), run: (token, tg) => t.call("GET", `/api/v1/orders?canteenId=${tg.canteenId}&limit=200`, { token }) },
  { op: "get /api/v1/orders/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/orders/${tg.orderId}`, { token }) },
  { op: "post /api/v1/orders/{id}/acknowledge", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/orders/${await insertOrder(tg.canteenId, tg.inspectionId, "issued")}/acknowledge`, { token }) },
  {
    op: "post /api/v1/orders/{id}/submit",
    ok: 200,
    run: async (token, tg) =>
      t.call("POST", `/api/v1/orders/${await insertOrder(tg.canteenId, tg.inspectionId, "acknowledged")}/submit`, { token, form: imageForm("photos", [jpegFrame()], { description: "已整改" }) }),
  },
  { op: "post /api/v1/orders/{id}/return", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/orders/${await insertOrder(tg.canteenId, tg.inspectionId, "submitted")}/return`, { token, body: { reason: "照片不清晰" } }) },
  { op: "post /api/v1/orders/{id}/accept", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/orders/${await insertOrder(tg.canteenId, tg.inspectionId, "submitted")}/accept`, { token }) },
  { op: "post /api/v1/orders/{id}/close", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/orders/${await insertOrder(tg.canteenId, tg.inspectionId, "accepted")}/close`, { token }) },
  { op: "get /api/v1/evidence/{id}/image", ok: 200, run: async (token, tg) => t.call("GET", `/api/v1/evidence/${await insertEvidence(tg.orderId)}/image`, { token }) },
  // public: anyone holding the printed order may check it
  { op: "get /api/v1/verify/order/{id}", ok: 200, foreign: 200, run: (token, tg) => t.call("GET", `/api/v1/verify/order/${tg.orderId}`, { token }) },
  { op: "get /api/v1/alerts", ok: 200, foreign: 200, check: listed((tg) => tg.alertId), run: (token, tg) => t.call("GET", `/api/v1/alerts?canteenId=${tg.canteenId}`, { token }) },
  { op: "get /api/v1/alerts/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/alerts/${tg.alertId}`, { token }) },
  { op: "get /api/v1/alerts/{id}/snapshot", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/alerts/${tg.alertId}/snapshot`, { token }) },
  { op: "get /api/v1/alerts/{id}/events/{eventId}/photo", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/alerts/${tg.alertId}/events/${tg.photoEventId}/photo`, { token }) },
  { op: "get /api/v1/alerts/summary", ok: 200, foreign: 200, run: (token) => t.call("GET", "/api/v1/alerts/summary", { token }) },
  {
    op: "post /api/v1/alerts/acknowledge",
    ok: 200,
    // answers 200 either way: an alert out of scope is listed as refused, like a missing one
    foreign: 200,
    check: (res, _tg, home) => {
      const [id] = res.json.acknowledged.length ? res.json.acknowledged : res.json.refused.map((r: { id: string }) => r.id);
      expect(id).toBeTruthy();
      if (home) expect(res.json).toMatchObject({ acknowledged: [id], refused: [] });
      else expect(res.json).toMatchObject({ acknowledged: [], refused: [{ id, code: "not_found" }] });
    },
    run: async (token, tg) => t.call("POST", "/api/v1/alerts/acknowledge", { token, body: { ids: [await alertOf(tg, "new")] } }),
  },
  { op: "get /api/v1/alerts/{id}/occurrences/{occurrenceId}/snapshot", ok: 200, run: async (token, tg) => t.call("GET", `/api/v1/alerts/${tg.alertId}/occurrences/${await insertOccurrence(tg)}/snapshot`, { token }) },
  { op: "post /api/v1/alerts/ops-token", ok: 200, foreign: 200, run: (token) => t.call("POST", "/api/v1/alerts/ops-token", { token }) },
  { op: "post /api/v1/alerts/{id}/acknowledge", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/alerts/${await alertOf(tg, "new")}/acknowledge`, { token, body: {} }) },
  {
    op: "post /api/v1/alerts/{id}/dispose",
    ok: 200,
    run: async (token, tg) => t.call("POST", `/api/v1/alerts/${await alertOf(tg, "acknowledged")}/dispose`, { token, body: { note: "已处置", photoBase64: base64(tinyJpeg()) } }),
  },
  { op: "post /api/v1/alerts/{id}/propose-false-positive", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/alerts/${await alertOf(tg, "new")}/propose-false-positive`, { token, body: { note: "误报" } }) },
  { op: "post /api/v1/alerts/{id}/verify", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/alerts/${await alertOf(tg, "disposed")}/verify`, { token, body: {} }) },
  { op: "post /api/v1/alerts/{id}/return", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/alerts/${await alertOf(tg, "disposed")}/return`, { token, body: { note: "照片不清楚" } }) },
  { op: "post /api/v1/alerts/{id}/reject-false-positive", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/alerts/${await alertOf(tg, "new", true)}/reject-false-positive`, { token, body: { note: "画面中确有人员" } }) },
  { op: "post /api/v1/alerts/{id}/false-positive", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/alerts/${await alertOf(tg, "new")}/false-positive`, { token, body: {} }) },
  { op: "get /api/v1/cameras/{id}/detection", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/cameras/${tg.cameraId}/detection`, { token }) },
  { op: "put /api/v1/cameras/{id}/detection", ok: 200, run: (token, tg) => t.call("PUT", `/api/v1/cameras/${tg.cameraId}/detection`, { token, body: { override: { cooldownSeconds: 60 } } }) },
  // 视频诊断 (issue 17): approving a camera's current picture as its reference view
  { op: "post /api/v1/cameras/{id}/reference", ok: 200, run: (token, tg) => t.call("POST", `/api/v1/cameras/${tg.cameraId}/reference`, { token }) },
  { op: "get /api/v1/areas/{id}/detection", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/areas/${tg.areaId}/detection`, { token }) },
  { op: "put /api/v1/areas/{id}/detection", ok: 200, run: (token, tg) => t.call("PUT", `/api/v1/areas/${tg.areaId}/detection`, { token, body: { override: null } }) },
  // recordings (issue 19): the day's recorded share for everyone but parents; the gateway's three take a device token only
  { op: "get /api/v1/cameras/{id}/recordings", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/cameras/${tg.cameraId}/recordings`, { token }) },
  { op: "post /api/v1/gateway/recordings/anchors", ok: 401, foreign: 401, run: (token) => t.call("POST", "/api/v1/gateway/recordings/anchors", { token, body: { cameras: [], storage: { bytes: 0, maxBytes: 1, retentionDays: 7, low: false, projected7dBytes: 0 } } }) },
  { op: "get /api/v1/gateway/recordings/challenges", ok: 401, foreign: 401, run: (token) => t.call("GET", "/api/v1/gateway/recordings/challenges", { token }) },
  { op: "post /api/v1/gateway/recordings/challenges/{id}", ok: 401, foreign: 401, run: (token) => t.call("POST", "/api/v1/gateway/recordings/challenges/rch_matrix1", { token, body: { links: [] } }) },
  // playback together (issue 19): in scope the camera's recording is found and its gateway is offline here (503), out of scope 404
  { op: "post /api/v1/playback", ok: 503, run: async (token, tg) => (await recordedDay(tg), t.call("POST", "/api/v1/playback", { token, body: { cameraId: tg.cameraId, at: new Date(Date.now() - 60_000).toISOString() } })) },
  { op: "get /api/v1/playback/{id}", ok: 200, run: async (token, tg) => t.call("GET", `/api/v1/playback/${await playbackOf(tg)}`, { token }) },
  { op: "post /api/v1/playback/{id}/control", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/playback/${await playbackOf(tg)}/control`, { token, body: { action: "pause" } }) },
  { op: "get /api/v1/canteens/{id}/playbacks", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/canteens/${tg.canteenId}/playbacks`, { token }) },
  { op: "post /api/v1/gateway/playbacks/{id}/ended", ok: 401, foreign: 401, run: (token) => t.call("POST", "/api/v1/gateway/playbacks/pb_matrix0001/ended", { token, body: { reason: "ended" } }) },
  // PTZ (issue 17): the camera made a PTZ one and nobody holding it before each probe; a command needs control first (202: sent)
  { op: "get /api/v1/cameras/{cameraId}/ptz", ok: 200, run: async (token, tg) => (await ptzReady(tg), t.call("GET", `/api/v1/cameras/${tg.cameraId}/ptz`, { token })) },
  { op: "post /api/v1/cameras/{cameraId}/ptz/control", ok: 200, run: async (token, tg) => (await ptzReady(tg), t.call("POST", `/api/v1/cameras/${tg.cameraId}/ptz/control`, { token })) },
  { op: "delete /api/v1/cameras/{cameraId}/ptz/control", ok: 200, run: async (token, tg) => (await ptzReady(tg), t.call("DELETE", `/api/v1/cameras/${tg.cameraId}/ptz/control`, { token })) },
  {
    op: "post /api/v1/cameras/{cameraId}/ptz/commands",
    ok: 202,
    run: async (token, tg) => {
      await ptzReady(tg);
      await t.call("POST", `/api/v1/cameras/${tg.cameraId}/ptz/control`, { token });
      return t.call("POST", `/api/v1/cameras/${tg.cameraId}/ptz/commands`, { token, body: { action: "stop" } });
    },
  },
  // 发现摄像头 (issue 17): the target's gateway is made online (a heartbeat now) for the requests; a done profiles request
  // of the target's gateway is read and one of its profiles added
  { op: "post /api/v1/gateways/{gatewayId}/onvif/discoveries", ok: 202, run: (token, tg) => whileOnline(tg, () => t.call("POST", `/api/v1/gateways/${tg.gatewayId}/onvif/discoveries`, { token })) },
  {
    op: "post /api/v1/gateways/{gatewayId}/onvif/profiles",
    ok: 202,
    run: (token, tg) => whileOnline(tg, () => t.call("POST", `/api/v1/gateways/${tg.gatewayId}/onvif/profiles`, { token, body: { xaddr: "http://192.168.1.64/onvif/device_service", username: "admin", password: "matrix-pw" } })),
  },
  { op: "get /api/v1/onvif/requests/{id}", ok: 200, run: async (token, tg) => t.call("GET", `/api/v1/onvif/requests/${await profilesRead(tg)}`, { token }) },
  {
    op: "post /api/v1/onvif/cameras",
    ok: 201,
    run: async (token, tg) => t.call("POST", "/api/v1/onvif/cameras", { token, body: { requestId: await profilesRead(tg), profile: "main", username: "admin", password: "matrix-pw", name: unique("发现的云台"), areaId: tg.areaId } }),
  },
  { op: "post /api/v1/gateway/onvif/results", ok: 401, foreign: 401, run: (token) => t.call("POST", "/api/v1/gateway/onvif/results", { token, body: { requestId: "onv_matrix000001", ok: true, devices: [] } }) },
  { op: "post /api/v1/gateway/ptz/results", ok: 401, foreign: 401, run: (token, tg) => t.call("POST", "/api/v1/gateway/ptz/results", { token, body: { commandId: "ptz_matrix0001", cameraId: tg.cameraId, ok: true } }) },
  // 数字变焦 (issue 17): as freezing a frame; in scope the camera's gateway is made online with a known source size (202:
  // sent); a ready crop of the target camera is read, its image fetched and kept as a snapshot; the gateway's two take a device token only
  { op: "post /api/v1/cameras/{cameraId}/zoom", ok: 202, run: async (token, tg) => zoomReady(tg, () => t.call("POST", `/api/v1/cameras/${tg.cameraId}/zoom`, { token, body: { x: 0.25, y: 0.25, w: 0.5, h: 0.5 } })) },
  { op: "get /api/v1/zooms/{id}", ok: 200, run: async (token, tg) => t.call("GET", `/api/v1/zooms/${await zoomOf(tg)}`, { token }) },
  { op: "get /api/v1/zooms/{id}/image", ok: 200, run: async (token, tg) => t.call("GET", `/api/v1/zooms/${await zoomOf(tg)}/image`, { token }) },
  { op: "post /api/v1/zooms/{id}/snapshot", ok: 201, run: async (token, tg) => t.call("POST", `/api/v1/zooms/${await zoomOf(tg)}/snapshot`, { token }) },
  { op: "post /api/v1/gateway/zooms/{id}", ok: 401, foreign: 401, run: async (token, tg) => t.call("POST", `/api/v1/gateway/zooms/${await zoomOf(tg)}`, { token, form: imageForm("file", [jpegFrame()]) }) },
  { op: "post /api/v1/gateway/zooms/{id}/failed", ok: 401, foreign: 401, run: async (token, tg) => t.call("POST", `/api/v1/gateway/zooms/${await zoomOf(tg)}/failed`, { token, body: { error: "matrix" } }) },
  // evidence clips (issue 19 item 5): in scope the camera's recording is found and its gateway is offline here (503); a
  // ready clip of the target camera is read, attached to its alert, played, its manifest and verification read
  { op: "post /api/v1/clips", ok: 503, run: async (token, tg) => (await recordedDay(tg), t.call("POST", "/api/v1/clips", { token, body: { cameraId: tg.cameraId, start: new Date(Date.now() - 60_000).toISOString(), end: new Date(Date.now() - 40_000).toISOString() } })) },
  {
    op: "get /api/v1/clips",
    ok: 200,
    foreign: 200,
    run: async (token, tg) => (await clipOf(tg), t.call("GET", `/api/v1/clips?cameraId=${tg.cameraId}`, { token })),
    check: (res, tg, home) => {
      const cameras = new Set(res.json.items.map((c: { cameraId: string }) => c.cameraId));
      if (home) expect([...cameras]).toEqual([tg.cameraId]);
      else expect(res.json.items).toEqual([]);
    },
  },
  { op: "get /api/v1/clips/{id}", ok: 200, run: async (token, tg) => t.call("GET", `/api/v1/clips/${await clipOf(tg)}`, { token }) },
  { op: "post /api/v1/clips/{id}/attachments", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/clips/${await clipOf(tg)}/attachments`, { token, body: { targetType: "alert", targetId: tg.alertId } }) },
  { op: "get /api/v1/clips/{id}/video", ok: 206, run: async (token, tg) => t.call("GET", `/api/v1/clips/${await clipOf(tg)}/video`, { token, headers: { range: "bytes=0-9" } }) },
  { op: "get /api/v1/clips/{id}/manifest", ok: 200, run: async (token, tg) => t.call("GET", `/api/v1/clips/${await clipOf(tg)}/manifest`, { token }) },
  { op: "get /api/v1/clips/{id}/verify", ok: 200, run: async (token, tg) => t.call("GET", `/api/v1/clips/${await clipOf(tg)}/verify`, { token }) },
  { op: "get /api/v1/gateway/clips", ok: 401, foreign: 401, run: (token) => t.call("GET", "/api/v1/gateway/clips", { token }) },
  { op: "post /api/v1/gateway/clips/{id}", ok: 401, foreign: 401, run: (token) => t.call("POST", "/api/v1/gateway/clips/clp_matrix0001", { token, body: { failure: "x" } }) },
  { op: "post /api/v1/gateway/alerts", ok: 401, foreign: 401, run: (token, tg) => t.call("POST", "/api/v1/gateway/alerts", { token, body: { idempotencyKey: unique("matrix-"), cameraId: tg.cameraId, type: "smoking", confidence: 0.9, boxes: [], occurredAt: new Date().toISOString(), snapshotJpegBase64: base64(tinyJpeg()) } }) },
  { op: "get /api/v1/patrol/draws", ok: 200, foreign: 200, check: listed((tg) => tg.drawId), run: (token) => t.call("GET", "/api/v1/patrol/draws?limit=200", { token }) },
  { op: "get /api/v1/patrol/draws/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/patrol/draws/${tg.drawId}`, { token }) },
  { op: "get /api/v1/patrol/draws/{id}/verification", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/patrol/draws/${tg.drawId}/verification`, { token }) },
  {
    op: "post /api/v1/patrol/draws",
    ok: 201,
    foreign: 403, // region codes are public: an out-of-jurisdiction region is refused outright
    run: (token, tg) => t.call("POST", "/api/v1/patrol/draws", { token, body: { regionCode: tg.regionCode, name: "矩阵抽查", publicValueSource: "矩阵公开值", count: 1, method: "uniform" } }),
  },
  { op: "patch /api/v1/patrol/draws/{id}", ok: 200, run: async (token, tg) => t.call("PATCH", `/api/v1/patrol/draws/${await newDrawOf(tg, "draft")}`, { token, body: { name: "矩阵抽查二" } }) },
  { op: "post /api/v1/patrol/draws/{id}/commit", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/patrol/draws/${await newDrawOf(tg, "draft")}/commit`, { token }) },
  { op: "post /api/v1/patrol/draws/{id}/reveal", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/patrol/draws/${await newDrawOf(tg, "committed")}/reveal`, { token, body: { publicValue: "3361.45" } }) },
  { op: "get /api/v1/patrol/spot-checks", ok: 200, foreign: 200, check: listed((tg) => tg.spotCheckId), run: (token) => t.call("GET", "/api/v1/patrol/spot-checks", { token }) },
  { op: "get /api/v1/patrol/spot-checks/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/patrol/spot-checks/${tg.spotCheckId}`, { token }) },
  {
    op: "post /api/v1/patrol/spot-checks/{id}/complete",
    ok: 200,
    run: async (token, tg) => t.call("POST", `/api/v1/patrol/spot-checks/${(await insertDrawWithCheck(tg.regionCode, tg.canteenId)).spotCheckId}/complete`, { token, body: { result: "satisfactory" } }),
  },
  { op: "get /api/v1/patrol/cadence", ok: 200, foreign: 403, run: (token, tg) => t.call("GET", `/api/v1/patrol/cadence?regionCode=${tg.regionCode}`, { token }) },
  {
    op: "post /api/v1/self-checks",
    ok: 201,
    run: (token, tg) => t.call("POST", "/api/v1/self-checks", { token, body: { canteenId: tg.canteenId, kind: "self_check", checklist: CHECKLIST, outcome: "自查无异常" } }),
  },
  { op: "get /api/v1/patrol/notices", ok: 200, foreign: 200, check: listed((tg) => tg.noticeId), run: (token) => t.call("GET", "/api/v1/patrol/notices?limit=200", { token }) },
  { op: "get /api/v1/patrol/coverage", ok: 200, foreign: 403, run: (token, tg) => t.call("GET", `/api/v1/patrol/coverage?regionCode=${tg.regionCode}`, { token }) },
  { op: "get /api/v1/patrol/plans", ok: 200, foreign: 200, check: listed((tg) => tg.planId), run: (token) => t.call("GET", "/api/v1/patrol/plans?limit=200", { token }) },
  {
    op: "post /api/v1/patrol/plans",
    ok: 201,
    foreign: 403, // region codes are public: an out-of-jurisdiction region is refused outright
    run: (token, tg) => t.call("POST", "/api/v1/patrol/plans", { token, body: { regionCode: tg.regionCode, year: ++planYear, name: "矩阵计划" } }),
  },
  { op: "get /api/v1/patrol/plans/{id}/progress", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/patrol/plans/${tg.planId}/progress`, { token }) },
  { op: "get /api/v1/public/draws/{id}", ok: 200, foreign: 200, run: (token, tg) => t.call("GET", `/api/v1/public/draws/${tg.drawId}`, { token }) },
  { op: "get /api/v1/public/regions/{code}/draws", ok: 200, foreign: 200, run: (token, tg) => t.call("GET", `/api/v1/public/regions/${tg.regionCode}/draws`, { token }) },
  // the public page and 一键投诉: anyone, signed in or not
  { op: "get /api/v1/public/canteens/{slug}", ok: 200, foreign: 200, run: (token, tg) => t.call("GET", `/api/v1/public/canteens/${tg.slug}`, { token }) },
  {
    op: "post /api/v1/public/canteens/{slug}/complaints",
    ok: 201,
    foreign: 201,
    run: (token, tg) => t.call("POST", `/api/v1/public/canteens/${tg.slug}/complaints`, { token, form: imageForm("photo", [tinyJpeg()], { category: "hygiene", text: "矩阵投诉" }) }),
  },
  { op: "post /api/v1/public/canteens/{slug}/ratings", ok: 201, foreign: 201, run: (token, tg) => t.call("POST", `/api/v1/public/canteens/${tg.slug}/ratings`, { token, body: { stars: 4 } }) },
  { op: "post /api/v1/public/canteens/{slug}/live-token", ok: 200, foreign: 200, run: (token, tg) => t.call("POST", `/api/v1/public/canteens/${tg.slug}/live-token`, { token }) },
  { op: "get /api/v1/canteens/{id}/disclosure", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/canteens/${tg.canteenId}/disclosure`, { token }) },
  { op: "put /api/v1/canteens/{id}/disclosure", ok: 200, run: (token, tg) => t.call("PUT", `/api/v1/canteens/${tg.canteenId}/disclosure`, { token, body: { liveFrom: "00:00", liveTo: "23:59" } }) },
  { op: "get /api/v1/public/complaints/{code}", ok: 200, foreign: 200, run: (token, tg) => t.call("GET", `/api/v1/public/complaints/${tg.complaintCode}`, { token }) },
  { op: "get /api/v1/complaints", ok: 200, foreign: 200, check: listed((tg) => tg.complaintId), run: (token, tg) => t.call("GET", `/api/v1/complaints?canteenId=${tg.canteenId}&limit=200`, { token }) },
  { op: "get /api/v1/complaints/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/complaints/${tg.complaintId}`, { token }) },
  { op: "get /api/v1/complaints/{id}/photo", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/complaints/${tg.complaintId}/photo`, { token }) },
  { op: "post /api/v1/complaints/{id}/answer", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/complaints/${await complaintOf(tg, "open")}/answer`, { token, body: { note: "已核查处理" } }) },
  { op: "post /api/v1/complaints/{id}/return", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/complaints/${await complaintOf(tg, "answered")}/return`, { token, body: { note: "答复不充分" } }) },
  { op: "post /api/v1/complaints/{id}/escalate", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/complaints/${await complaintOf(tg, "open", true)}/escalate`, { token, body: {} }) },
  {
    op: "post /api/v1/complaints/{id}/order",
    ok: 201,
    run: async (token, tg) =>
      t.call("POST", `/api/v1/complaints/${await complaintOf(tg, "open")}/order`, { token, body: { items: [{ problem: "矩阵投诉转整改", severity: "minor", legalBasisId: legalBasisId("fsl-33") }] } }),
  },
  { op: "post /api/v1/complaints/{id}/close", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/complaints/${await complaintOf(tg, "answered")}/close`, { token, body: {} }) },
  // 靶向飞行 field tasks: the regulator's side only; starting, photos and the result by an assigned inspector
  { op: "get /api/v1/field-tasks", ok: 200, foreign: 200, check: listed((tg) => tg.fieldTaskId), run: (token) => t.call("GET", "/api/v1/field-tasks?limit=200", { token }) },
  { op: "get /api/v1/field-tasks/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/field-tasks/${tg.fieldTaskId}`, { token }) },
  { op: "get /api/v1/field-inspectors", ok: 200, run: async (token, tg) => t.call("GET", `/api/v1/field-inspectors?sourceKind=complaint&sourceId=${await complaintOf(tg, "open")}`, { token }) },
  {
    op: "post /api/v1/field-tasks",
    ok: 201,
    run: async (token, tg) =>
      t.call("POST", "/api/v1/field-tasks", { token, body: { source: { kind: "complaint", id: await complaintOf(tg, "open") }, inspectorIds: [await eligibleId("echeng.inspector")], dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString() } }),
  },
  { op: "post /api/v1/field-tasks/{id}/start", ok: 200, run: async (token, tg, { username }) => t.call("POST", `/api/v1/field-tasks/${(await fieldTaskOf(tg, "assigned", username)).taskId}/start`, { token, body: {} }) },
  {
    op: "post /api/v1/field-tasks/{id}/photos",
    ok: 200,
    run: async (token, tg, { username }) => t.call("POST", `/api/v1/field-tasks/${(await fieldTaskOf(tg, "on_site", username)).taskId}/photos`, { token, form: imageForm("photo", [jpegFrame()], { capturedAt: new Date().toISOString() }) }),
  },
  {
    op: "post /api/v1/field-tasks/{id}/complete",
    ok: 200,
    run: async (token, tg, { username }) =>
      t.call("POST", `/api/v1/field-tasks/${(await fieldTaskOf(tg, "on_site", username, true)).taskId}/complete`, { token, body: { result: "not_confirmed", checklist: [{ areaKind: "cooking", status: "ok" }], note: "现场未见问题" } }),
  },
  { op: "post /api/v1/field-tasks/{id}/cancel", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/field-tasks/${(await fieldTaskOf(tg, "assigned", "echeng.inspector")).taskId}/cancel`, { token, body: { note: "另案处理" } }) },
  { op: "get /api/v1/field-photos/{id}/image", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/field-photos/${tg.fieldPhotoId}/image`, { token }) },
  // the school's to-do: its own school's items only
  {
    op: "get /api/v1/todo",
    ok: 200,
    foreign: 200,
    check: (res, tg, home) => (home ? expect(res.json.counts.complaint).toBeGreaterThan(0) : expect(res.json.items.map((i: { id: string }) => i.id)).not.toContain(tg.complaintId)),
    run: (token) => t.call("GET", "/api/v1/todo", { token }),
  },
  // the parent committee
  { op: "get /api/v1/committee", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/committee?orgId=${tg.orgId}`, { token }) },
  {
    op: "post /api/v1/committee",
    ok: 201,
    run: async (token, tg) => t.call("POST", "/api/v1/committee", { token, body: { orgId: tg.orgId, userId: (await insertUser(tg.orgId, "parent_rep")).userId, grade: "八年级", term: "2026—2027学年" } }),
  },
  {
    op: "delete /api/v1/committee/{id}",
    ok: 200,
    run: async (token, tg) => {
      const id = newId("cmm");
      await t.db.insert(committeeMembers).values({ id, orgId: tg.orgId, userId: (await insertUser(tg.orgId, "parent_rep")).userId, grade: "九年级", term: "2026", createdAt: Date.now() });
      return t.call("DELETE", `/api/v1/committee/${id}`, { token });
    },
  },
  // supervised viewing sessions (the parent probes are the invited parent of the home school)
  {
    op: "post /api/v1/viewing-sessions",
    ok: 201,
    run: (token, tg) =>
      t.call("POST", "/api/v1/viewing-sessions", { token, body: { canteenId: tg.canteenId, title: "矩阵监督观看", startsAt: new Date(Date.now() + 3_600_000).toISOString(), endsAt: new Date(Date.now() + 7_200_000).toISOString(), cameraIds: [tg.cameraId], inviteeIds: [tg.parentUserId], hostId: tg.hostId } }),
  },
  { op: "get /api/v1/viewing-sessions", ok: 200, foreign: 200, check: listed((tg) => tg.sessionId), run: (token, tg) => t.call("GET", `/api/v1/viewing-sessions?canteenId=${tg.canteenId}&limit=200`, { token }) },
  { op: "get /api/v1/viewing-sessions/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/viewing-sessions/${tg.sessionId}`, { token }) },
  { op: "post /api/v1/viewing-sessions/{id}/token", ok: 200, run: (token, tg) => t.call("POST", `/api/v1/viewing-sessions/${tg.sessionId}/token`, { token }) },
  { op: "post /api/v1/viewing-sessions/{id}/end", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/viewing-sessions/${await sessionOf(tg)}/end`, { token }) },
  { op: "post /api/v1/viewing-sessions/{id}/questions", ok: 201, run: (token, tg) => t.call("POST", `/api/v1/viewing-sessions/${tg.sessionId}/questions`, { token, body: { text: "矩阵提问" } }) },
  { op: "post /api/v1/viewing-sessions/{id}/hand", ok: 200, run: (token, tg) => t.call("POST", `/api/v1/viewing-sessions/${tg.sessionId}/hand`, { token, body: { raised: true } }) },
  { op: "post /api/v1/viewing-sessions/{id}/microphone", ok: 200, run: (token, tg) => t.call("POST", `/api/v1/viewing-sessions/${tg.sessionId}/microphone`, { token, body: { userId: tg.parentUserId, open: false } }) },
  {
    op: "post /api/v1/viewing-sessions/{id}/evaluation",
    ok: 201,
    // with a frame the parent froze in that session (the body's optional frameId)
    run: async (token, tg) => {
      const sessionId = await sessionOf(tg);
      return t.call("POST", `/api/v1/viewing-sessions/${sessionId}/evaluation`, { token, body: { hygiene: 5, operations: 4, food: 4, frameId: await frameOf(tg, sessionId) } });
    },
  },
  { op: "post /api/v1/viewing-sessions/{id}/frames", ok: 201, run: (token, tg) => t.call("POST", `/api/v1/viewing-sessions/${tg.sessionId}/frames`, { token, form: imageForm("file", [jpegFrame()], { cameraId: tg.cameraId }) }) },
  { op: "get /api/v1/viewing-frames/{id}/image", ok: 200, run: async (token, tg) => t.call("GET", `/api/v1/viewing-frames/${await frameOf(tg)}/image`, { token }) },
  { op: "post /api/v1/viewing-questions/{id}/answer", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/viewing-questions/${await questionOf(tg)}/answer`, { token, body: { answer: "矩阵答复" } }) },
  { op: "post /api/v1/viewing-questions/{id}/hide", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/viewing-questions/${await questionOf(tg)}/hide`, { token }) },
  { op: "post /api/v1/viewing-evaluations/{id}/answer", ok: 200, run: async (token, tg) => t.call("POST", `/api/v1/viewing-evaluations/${await evaluationOf(tg)}/answer`, { token, body: { answer: "已整改" } }) },
  // 自律台账 (issue 14)
  {
    op: "post /api/v1/ledgers/entries",
    ok: 201,
    run: (token, tg) => t.call("POST", "/api/v1/ledgers/entries", { token, body: { kind: "sample", canteenId: tg.canteenId, idempotencyKey: unique("matrix-entry-"), eventAt: new Date(Date.now() - 60_000).toISOString(), data: { dish: "米饭", meal: "lunch", weightGrams: 150 } } }),
  },
  { op: "get /api/v1/ledgers/entries", ok: 200, check: listed((tg) => tg.ledgerEntryId), run: (token, tg) => t.call("GET", `/api/v1/ledgers/entries?canteenId=${tg.canteenId}&limit=200`, { token }) },
  { op: "get /api/v1/ledgers/entries/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/ledgers/entries/${tg.ledgerEntryId}`, { token }) },
  {
    op: "post /api/v1/ledgers/entries/{id}/corrections",
    ok: 201,
    run: async (token, tg) => t.call("POST", `/api/v1/ledgers/entries/${await insertLedgerEntry(tg.canteenId)}/corrections`, { token, body: { idempotencyKey: unique("matrix-fix-"), reason: "称重录错", data: { dish: "米饭", meal: "lunch", weightGrams: 160 } } }),
  },
  { op: "get /api/v1/ledgers/entries/{id}/photos/{photoId}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/ledgers/entries/${tg.ledgerEntryId}/photos/${tg.ledgerPhotoId}`, { token }) },
  {
    op: "post /api/v1/ledgers/staff",
    ok: 201,
    run: (token, tg) => t.call("POST", "/api/v1/ledgers/staff", { token, body: { canteenId: tg.canteenId, name: unique("新员工"), position: "帮厨", certificateNo: "HC123456", certificateIssuedOn: "2026-01-01", certificateExpiresOn: "2027-01-01" } }),
  },
  { op: "get /api/v1/ledgers/staff", ok: 200, check: listed((tg) => tg.staffId), run: (token, tg) => t.call("GET", `/api/v1/ledgers/staff?canteenId=${tg.canteenId}`, { token }) },
  { op: "patch /api/v1/ledgers/staff/{id}", ok: 200, run: (token, tg) => t.call("PATCH", `/api/v1/ledgers/staff/${tg.staffId}`, { token, body: { position: "厨师长" } }) },
  { op: "get /api/v1/ledgers/staff/{id}/certificate-photo", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/ledgers/staff/${tg.staffId}/certificate-photo`, { token }) },
  {
    op: "post /api/v1/ledgers/reviews",
    ok: 201,
    run: (token, tg) => t.call("POST", "/api/v1/ledgers/reviews", { token, body: { canteenId: tg.canteenId, type: "daily_review", day: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) } }),
  },
  { op: "get /api/v1/ledgers/reviews", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/ledgers/reviews?canteenId=${tg.canteenId}`, { token }) },
  { op: "get /api/v1/ledgers/completeness", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/ledgers/completeness?canteenId=${tg.canteenId}`, { token }) },
  {
    op: "get /api/v1/ledgers/completeness/overview",
    ok: 200,
    foreign: 200,
    check: (res, tg, home) => {
      const ids = res.json.canteens.map((c: { canteenId: string }) => c.canteenId);
      if (home) expect(ids).toContain(tg.canteenId);
      else expect(ids).not.toContain(tg.canteenId);
    },
    run: (token) => t.call("GET", "/api/v1/ledgers/completeness/overview", { token }),
  },
  { op: "get /api/v1/ledgers/export", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/ledgers/export?canteenId=${tg.canteenId}&format=xlsx`, { token }) },
  { op: "get /api/v1/canteens/{id}/ledger-settings", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/canteens/${tg.canteenId}/ledger-settings`, { token }) },
  // 自查 checklists (issue 14): a region's, read by regulators and education bureaus and adapted by its market regulator
  // (another region's code is public: refused outright, like the patrol's region operations); a canteen's in effect
  { op: "get /api/v1/ledgers/checklists", ok: 200, foreign: 403, check: (res, tg) => expect(res.json.regionCode).toBe(tg.regionCode), run: (token, tg) => t.call("GET", `/api/v1/ledgers/checklists?regionCode=${tg.regionCode}`, { token }) },
  {
    op: "post /api/v1/ledgers/checklists",
    ok: 201,
    foreign: 403,
    run: (token, tg) => t.call("POST", "/api/v1/ledgers/checklists", { token, body: { regionCode: tg.regionCode, kind: "weekly_check", items: [{ key: "cameras_online" }, { label: "矩阵自定项目" }] } }),
  },
  { op: "get /api/v1/canteens/{id}/ledger-checklists", ok: 200, check: (res, tg) => expect(res.json.canteenId).toBe(tg.canteenId), run: (token, tg) => t.call("GET", `/api/v1/canteens/${tg.canteenId}/ledger-checklists`, { token }) },
  { op: "patch /api/v1/canteens/{id}/ledger-settings", ok: 200, run: (token, tg) => t.call("PATCH", `/api/v1/canteens/${tg.canteenId}/ledger-settings`, { token, body: { backdateDays: 3 } }) },
  // traceability (issue 15)
  {
    op: "get /api/v1/trace/supplier",
    ok: 200,
    foreign: 200,
    check: (res, tg, home) => {
      const served = res.json.suppliers.flatMap((s: { canteens: Array<{ id: string }> }) => s.canteens.map((c) => c.id));
      if (home) expect(served).toContain(tg.canteenId);
      else expect(served).not.toContain(tg.canteenId);
    },
    run: (token) => t.call("GET", "/api/v1/trace/supplier", { token }),
  },
  {
    op: "put /api/v1/trace/suppliers/{id}",
    ok: 200,
    run: (token, tg) => t.call("PUT", `/api/v1/trace/suppliers/${tg.trace.supplierId}`, { token, body: { businessLicenceNo: "91420704MA4F000001", businessLicenceExpiresOn: "2099-01-01", foodLicenceNo: "JY14207040000001", foodLicenceExpiresOn: "2099-01-01", products: ["大米"] } }),
  },
  { op: "get /api/v1/trace/canteens/{id}/suppliers", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/trace/canteens/${tg.canteenId}/suppliers`, { token }) },
  {
    // the target school's committee has the parent seated (its fixture), so a consultation dated today is a real one
    op: "post /api/v1/trace/canteens/{id}/suppliers",
    ok: 201,
    run: (token, tg) => t.call("POST", `/api/v1/trace/canteens/${tg.canteenId}/suppliers`, { token, body: { supplierId: tg.trace.supplierId, consultation: { on: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), note: "膳食委员会会议，同意选用" } } }),
  },
  {
    op: "get /api/v1/trace/schools/{id}/suppliers",
    ok: 200,
    check: (res, tg) => expect(res.json.approvals.map((a: { canteen: { id: string } }) => a.canteen.id)).toContain(tg.canteenId),
    run: (token, tg) => t.call("GET", `/api/v1/trace/schools/${tg.orgId}/suppliers`, { token }),
  },
  {
    op: "post /api/v1/trace/deliveries",
    ok: 201,
    run: (token, tg) =>
      t.call("POST", "/api/v1/trace/deliveries", { token, body: { canteenId: tg.canteenId, lines: [{ product: "大米", batchNo: unique("MX"), quantity: 10, unit: "kg", productionDate: "2026-11-20", shelfLifeDays: 365, origin: "鄂州市梁子湖区稻田", certificate: base64(jpegFrame()) }] } }),
  },
  { op: "get /api/v1/trace/deliveries", ok: 200, foreign: 200, check: listed((tg) => tg.trace.deliveryId), run: (token, tg) => t.call("GET", `/api/v1/trace/deliveries?canteenId=${tg.canteenId}&limit=200`, { token }) },
  { op: "get /api/v1/trace/deliveries/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/trace/deliveries/${tg.trace.deliveryId}`, { token }) },
  {
    op: "post /api/v1/trace/deliveries/{id}/receipt",
    ok: 200,
    run: async (token, tg) => {
      const { deliveryId, lineId } = await insertDelivery(t.db, localMediaStore(t.config.mediaDir), tg.canteenId, tg.trace.supplierId, "pending");
      return t.call("POST", `/api/v1/trace/deliveries/${deliveryId}/receipt`, { token, body: { lines: [{ lineId, accepted: true }] } });
    },
  },
  { op: "get /api/v1/trace/lines/{id}/certificate", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/trace/lines/${tg.trace.lineId}/certificate`, { token }) },
  { op: "get /api/v1/trace/lines/{id}/trace", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/trace/lines/${tg.trace.lineId}/trace`, { token }) },
  { op: "get /api/v1/trace/canteens/{id}/cost", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/trace/canteens/${tg.canteenId}/cost`, { token }) },
  { op: "put /api/v1/trace/canteens/{id}/budget", ok: 200, run: (token, tg) => t.call("PUT", `/api/v1/trace/canteens/${tg.canteenId}/budget`, { token, body: { perMealYuan: 6.5 } }) },
  { op: "get /api/v1/trace/canteens/{id}/stock", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/trace/canteens/${tg.canteenId}/stock`, { token }) },
  { op: "get /api/v1/trace/canteens/{id}/stock-moves", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/trace/canteens/${tg.canteenId}/stock-moves?limit=200`, { token }) },
  {
    op: "post /api/v1/trace/canteens/{id}/stock-moves",
    ok: 201,
    run: (token, tg) => t.call("POST", `/api/v1/trace/canteens/${tg.canteenId}/stock-moves`, { token, body: { kind: "correction", lineId: tg.trace.lineId, quantity: 0.5, reason: "盘点差异" } }),
  },
  { op: "get /api/v1/trace/stock-moves/{id}", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/trace/stock-moves/${tg.trace.moveId}`, { token }) },
  { op: "get /api/v1/trace/canteens/{id}/stock-moves/verify", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/trace/canteens/${tg.canteenId}/stock-moves/verify`, { token }) },
  {
    op: "post /api/v1/trace/menus",
    ok: 201,
    run: (token, tg) => t.call("POST", "/api/v1/trace/menus", { token, body: { canteenId: tg.canteenId, day: "2099-01-05", meal: "dinner", dishes: [{ name: "米饭", students: 50, ingredients: [{ product: "大米", perStudent: 150, unit: "g" }] }] } }),
  },
  { op: "get /api/v1/trace/canteens/{id}/menus", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/trace/canteens/${tg.canteenId}/menus`, { token }) },
  { op: "post /api/v1/trace/dishes/{id}/uses", ok: 201, run: (token, tg) => t.call("POST", `/api/v1/trace/dishes/${tg.trace.dishId}/uses`, { token, body: { lines: [{ product: "大米", quantity: 0.1, unit: "kg" }] } }) },
  { op: "get /api/v1/trace/dishes/{id}/trace", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/trace/dishes/${tg.trace.dishId}/trace`, { token }) },
  { op: "get /api/v1/trace/warnings", ok: 200, check: listed((tg) => tg.trace.warningId), run: (token, tg) => t.call("GET", `/api/v1/trace/warnings?canteenId=${tg.canteenId}&limit=200`, { token }) },
  {
    op: "get /api/v1/trace/warnings/overview",
    ok: 200,
    foreign: 200,
    check: (res, _tg, home) => (home ? expect(res.json.total).toBeGreaterThan(0) : expect(res.json.total).toBeGreaterThanOrEqual(0)),
    run: (token) => t.call("GET", "/api/v1/trace/warnings/overview", { token }),
  },
  // the regulator's overview (issue 16): a school or a region of the target; another city's answers 404 like a missing one
  { op: "get /api/v1/overview", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/overview?schoolId=${tg.orgId}`, { token }) },
  { op: "get /api/v1/overview/cameras", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/overview/cameras?schoolId=${tg.orgId}`, { token }) },
  { op: "get /api/v1/overview/survey", ok: 200, check: (res, tg) => expect(res.json.place.code).toBe(tg.regionCode), run: (token, tg) => t.call("GET", `/api/v1/overview/survey?regionCode=${tg.regionCode}`, { token }) },
  { op: "get /api/v1/overview/ranking", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/overview/ranking?month=${thisMonth()}&regionCode=${tg.regionCode}`, { token }) },
  { op: "get /api/v1/overview/units/{id}", ok: 200, check: (res, tg) => expect(res.json.canteens.map((c: { id: string }) => c.id)).toContain(tg.canteenId), run: (token, tg) => t.call("GET", `/api/v1/overview/units/${tg.orgId}`, { token }) },
  // 食安地图 (issue 16, item 7): the target's district with the target school on it; another city's district is 404
  { op: "get /api/v1/overview/map", ok: 200, check: (res, tg) => expect(res.json.schools.id).toContain(tg.orgId), run: (token, tg) => t.call("GET", `/api/v1/overview/map?regionCode=${tg.regionCode}`, { token }) },
  { op: "get /api/v1/overview/map/outlines", ok: 200, check: (res, tg) => expect(res.json.place.code).toBe(tg.regionCode), run: (token, tg) => t.call("GET", `/api/v1/overview/map/outlines?regionCode=${tg.regionCode}`, { token }) },
  { op: "get /api/v1/overview/reports", ok: 200, check: (res, tg) => expect(res.json.place.code).toBe(tg.regionCode), run: (token, tg) => t.call("GET", `/api/v1/overview/reports?regionCode=${tg.regionCode}`, { token }) },
  { op: "get /api/v1/overview/report", ok: 200, run: (token, tg) => t.call("GET", `/api/v1/overview/report?month=${thisMonth()}&regionCode=${tg.regionCode}&format=xlsx`, { token }) },
  // 应急指挥调度 (issue 16, item 8): a region of another city is none of the caller's (404 like the overview's); a school
  // sees the notices sent to it only, signs for its own
  {
    op: "post /api/v1/notices",
    ok: 201,
    check: (res, tg) => expect(res.json.receipts.map((r: { orgId: string }) => r.orgId)).toContain(tg.orgId),
    run: (token, tg) => t.call("POST", "/api/v1/notices", { token, body: { regionCode: tg.regionCode, title: "矩阵调度", body: "矩阵正文", urgency: "urgent" } }),
  },
  { op: "get /api/v1/notices", ok: 200, foreign: 200, check: listed((tg) => tg.dispatchId), run: (token) => t.call("GET", "/api/v1/notices?limit=200", { token }) },
  { op: "get /api/v1/notices/{id}", ok: 200, check: (res, tg) => expect(res.json.receipts.map((r: { orgId: string }) => r.orgId)).toEqual([tg.orgId]), run: (token, tg) => t.call("GET", `/api/v1/notices/${tg.dispatchId}`, { token }) },
  { op: "post /api/v1/notices/{id}/read", ok: 200, check: (res) => expect(res.json.readAt).not.toBeNull(), run: (token, tg) => t.call("POST", `/api/v1/notices/${tg.dispatchId}/read`, { token }) },
  // data exchange (issue 16, item 9): the target's district; another city's answers 404 like the overview's
  { op: "get /api/v1/exchange/schools", ok: 200, check: (res, tg) => expect(res.json.items.map((r: { schoolId: string }) => r.schoolId)).toContain(tg.orgId), run: (token, tg) => t.call("GET", `/api/v1/exchange/schools?regionCode=${tg.regionCode}&limit=200`, { token }) },
  { op: "get /api/v1/exchange/regions", ok: 200, check: (res, tg) => expect(res.json.items[0].code).toBe(tg.regionCode), run: (token, tg) => t.call("GET", `/api/v1/exchange/regions?regionCode=${tg.regionCode}`, { token }) },
  { op: "get /api/v1/exchange/units", ok: 200, check: (res, tg) => expect(res.text).toContain(`${tg.orgId},`), run: (token, tg) => t.call("GET", `/api/v1/exchange/units?regionCode=${tg.regionCode}&limit=200&format=csv`, { token }) },
];

/** Rows written directly, so each probe starts from the state it needs (the API paths are tested elsewhere). */
/** The target's camera as a PTZ camera nobody controls. */
/** The target's gateway heartbeating for one call, offline again after it (the clip and playback probes expect it offline). */
async function whileOnline(tg: Target, call: () => Promise<Res>) {
  const [before] = await t.db.select({ lastSeenAt: gateways.lastSeenAt }).from(gateways).where(eq(gateways.id, tg.gatewayId));
  await t.db.update(gateways).set({ lastSeenAt: Date.now() }).where(eq(gateways.id, tg.gatewayId));
  try {
    return await call();
  } finally {
    await t.db.update(gateways).set({ lastSeenAt: before?.lastSeenAt ?? null }).where(eq(gateways.id, tg.gatewayId));
  }
}

/** A profiles request of the target's gateway that the gateway answered: one PTZ profile "main". */
async function profilesRead(tg: Target) {
  const id = newId("onv");
  const device = { manufacturer: null, model: null, profiles: [{ token: "main", name: "主码流", width: 1920, height: 1080, encoding: "H264", ptz: true, streamUri: "rtsp://192.168.1.64/main" }] };
  await t.db.insert(onvifRequests).values({ id, canteenId: tg.canteenId, gatewayId: tg.gatewayId, kind: "profiles", xaddr: "http://192.168.1.64/onvif/device_service", requestedBy: "matrix", requestedAt: Date.now(), status: "done", result: JSON.stringify(device), finishedAt: Date.now() });
  return id;
}

async function ptzReady(tg: Target) {
  await t.db.update(cameras).set({ ptz: true }).where(eq(cameras.id, tg.cameraId));
  await t.db.delete(ptzControls).where(eq(ptzControls.cameraId, tg.cameraId));
}

/**
 * `probe` with the target camera ready for a digital zoom: on its canteen's gateway, which reported just now, online,
 * its source size known. The camera and gateway are put back after (other probes count on the gateway being offline).
 */
async function zoomReady(tg: Target, probe: () => Promise<Res>) {
  const [camera] = await t.db.select().from(cameras).where(eq(cameras.id, tg.cameraId));
  const [gateway] = await t.db.select().from(gateways).where(eq(gateways.id, tg.gatewayId));
  await t.db.update(cameras).set({ gatewayId: tg.gatewayId, status: "online", sourceWidth: 1920, sourceHeight: 1080 }).where(eq(cameras.id, tg.cameraId));
  await t.db.update(gateways).set({ lastSeenAt: Date.now(), revokedAt: null }).where(eq(gateways.id, tg.gatewayId));
  try {
    return await probe();
  } finally {
    await t.db.update(cameras).set(camera!).where(eq(cameras.id, tg.cameraId));
    await t.db.update(gateways).set(gateway!).where(eq(gateways.id, tg.gatewayId));
  }
}

/** A ready 64x36 crop of the target camera (its JPEG in the media store, as the gateway's upload leaves it). */
async function zoomOf(tg: Target) {
  const stored = await localMediaStore(t.config.mediaDir).put(jpegFrame(), "image/jpeg", "snapshot");
  const [by] = await t.db.select().from(users).where(eq(users.username, "ezhou.admin"));
  const id = newId("zoom");
  const now = Date.now();
  await t.db.insert(zooms).values({ id, canteenId: tg.canteenId, cameraId: tg.cameraId, gatewayId: tg.gatewayId, requestedBy: by!.id, requestedAt: now, sourceWidth: 1920, sourceHeight: 1080, cropX: 0, cropY: 0, cropWidth: 64, cropHeight: 36, status: "ready", doneAt: now, mediaKey: stored.key, sha256: stored.sha256, bytes: stored.bytes });
  return id;
}

async function insertSnapshot(canteenId: string, cameraId: string) {
  const stored = await localMediaStore(t.config.mediaDir).put(jpegFrame(), "image/jpeg", "snapshot");
  const [taker] = await t.db.select().from(users).where(eq(users.username, "ezhou.admin"));
  const id = newId("snp");
  await t.db.insert(snapshots).values({ id, canteenId, cameraId, takenBy: taker!.id, takenAt: Date.now(), mediaKey: stored.key, sha256: stored.sha256, contentType: "image/jpeg", bytes: stored.bytes, width: 64, height: 36 });
  return id;
}

async function insertAnnotation(snapshotId: string, username: string) {
  const [author] = await t.db.select().from(users).where(eq(users.username, username));
  const id = newId("ann");
  await t.db.insert(annotations).values({ id, snapshotId, authorId: author!.id, kind: "rect", shape: JSON.stringify({ kind: "rect", x: 0, y: 0, w: 0.5, h: 0.5 }), colour: "#e53935", version: 0, createdAt: Date.now() });
  return id;
}

async function insertOrder(canteenId: string, inspectionId: string, status: "issued" | "acknowledged" | "submitted" | "accepted") {
  const [issuer] = await t.db.select().from(users).where(eq(users.username, "ezhou.admin"));
  const [regulator] = await t.db.select().from(orgs).where(eq(orgs.name, "鄂州市市场监督管理局"));
  const id = newId("ord");
  const now = Date.now();
  await t.db.insert(orders).values({ id, number: `矩阵测试${id}`, canteenId, inspectionId, issuerOrgId: regulator!.id, issuedBy: issuer!.id, issuedAt: now, deadline: now + 86_400_000, status, documentSha256: "0".repeat(64), updatedAt: now });
  return id;
}

async function insertOrderWithProblem(canteenId: string, inspectionId: string) {
  const orderId = await insertOrder(canteenId, inspectionId, "issued");
  const orderItemId = newId("oit");
  await t.db.insert(orderItems).values({ id: orderItemId, orderId, seq: 1, problem: "矩阵问题", severity: "minor", legalBasisId: legalBasisId("fsl-33"), deadline: Date.now() + 86_400_000 });
  return { orderId, orderItemId };
}

async function insertEvidence(orderId: string) {
  const stored = await localMediaStore(t.config.mediaDir).put(jpegFrame(), "image/jpeg", "evidence");
  const eventId = newId("oev");
  await t.db.insert(orderEvents).values({ id: eventId, orderId, type: "submitted", fromStatus: "acknowledged", toStatus: "submitted", at: Date.now() });
  const id = newId("evd");
  await t.db.insert(evidence).values({ id, orderId, eventId, seq: 1, mediaKey: stored.key, sha256: stored.sha256, contentType: "image/jpeg", bytes: stored.bytes, createdAt: Date.now() });
  return id;
}

/** a disinfection cabinet of the canteen with one run today (China time) */
async function insertSensor(canteenId: string, areaId: string, cameraId: string, gatewayId: string) {
  const sensorId = newId("sen");
  await t.db.insert(sensors).values({ id: sensorId, canteenId, areaId, cameraId, gatewayId, kind: "disinfection_cabinet", name: "消毒柜", topic: unique("matrix/cabinet"), thresholds: null, createdAt: Date.now() });
  const cycleId = newId("cyc");
  const now = Date.now();
  await t.db.insert(sensorCycles).values({ id: cycleId, sensorId, canteenId, startAt: now - 60_000, endAt: now, peakC: 120, short: true });
  return { sensorId, cycleId };
}
const chinaToday = () => new Date(Date.now() - 60_000 + 8 * 3_600_000).toISOString().slice(0, 10);

/** an hour of the target camera recorded (the anchors say so) */
async function recordedDay(tg: Target) {
  const now = Date.now();
  const day = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
  await t.db.insert(recordingDays).values({ cameraId: tg.cameraId, day, recordedMs: 3_600_000, firstAt: now - 3_600_000, lastAt: now }).onConflictDoNothing();
}

/** a ready evidence clip of the target camera (its MP4 in the media store), one per target */
const clips = new Map<string, Promise<string>>();
function clipOf(tg: Target) {
  let id = clips.get(tg.cameraId);
  if (!id) {
    id = (async () => {
      const stored = await localMediaStore(t.config.mediaDir).put(new TextEncoder().encode(`matrix clip of ${tg.cameraId}`), "video/mp4", "clip");
      const cid = newId("clp");
      const now = Date.now();
      await t.db.insert(recordingClips).values({ id: cid, canteenId: tg.canteenId, cameraId: tg.cameraId, gatewayId: tg.gatewayId, origin: "manual", requestedBy: null, requestedAt: now, startAt: now - 20_000, endAt: now - 10_000, status: "ready", clipStartAt: now - 20_000, clipEndAt: now - 10_000, mediaKey: stored.key, sha256: stored.sha256, bytes: stored.bytes, sources: "[]", links: "[]", fromSeq: 0, toSeq: 0, readyAt: now });
      return cid;
    })();
    clips.set(tg.cameraId, id);
  }
  return id;
}

/** a running playback of the target camera */
async function playbackOf(tg: Target) {
  const id = newId("pb");
  const now = Date.now();
  await t.db.insert(recordingPlaybacks).values({ id, canteenId: tg.canteenId, cameraId: tg.cameraId, gatewayId: tg.gatewayId, startedBy: "usr_matrix", at: now - 60_000, position: now - 60_000, since: now, startedAt: now });
  return id;
}

const CHECKLIST = ["storage", "rough_processing", "cooking", "prep_room", "washing"].map((areaKind) => ({ areaKind, status: "ok" }));

async function insertInspection(canteenId: string, status: "active" | "ended") {
  const [starter] = await t.db.select().from(users).where(eq(users.username, "ezhou.admin"));
  const id = newId("ins");
  await t.db.insert(inspections).values({ id, kind: "online_patrol", canteenId, room: `canteen:${canteenId}`, status, startedBy: starter!.id, startedAt: Date.now() });
  return id;
}

function expected(probe: Probe, role: Role | "anonymous", home: boolean): number {
  const permission = permissionOf.get(probe.op)!;
  if (permission === "public") return home ? probe.ok : (probe.foreign ?? probe.ok);
  if (permission === "device" || permission === "signed") return 401;
  if (role === "anonymous") return 401;
  if (!rolesWith(permission).includes(role)) return 403;
  return home ? probe.ok : (probe.foreign ?? 404);
}

beforeAll(async () => {
  // token minting needs LiveKit keys, not a running server
  t = await startTestApp({ LIVEKIT_URL: "ws://127.0.0.1:9", LIVEKIT_API_KEY: "matrix", LIVEKIT_API_SECRET: "matrix-secret-matrix-secret-matrix" });
  const doc = await t.call("GET", "/api/v1/openapi.json");
  for (const [path, ops] of Object.entries<Record<string, { "x-permission": Access }>>(doc.json.paths)) {
    for (const [method, op] of Object.entries(ops)) permissionOf.set(`${method} ${path}`, op["x-permission"]);
  }
  const admin = await t.login("ezhou.admin");
  // a district draw needs two inspectors in the district (patrol, issue 12)
  await addInspector(t.db, "420704", "echeng.inspector2");
  const demoSchool = "鄂城区第一中学";
  const [school] = await t.db.select().from(orgs).where(eq(orgs.name, demoSchool));
  const officer = await t.call("POST", "/api/v1/users", { token: admin, body: { username: "school.officer", displayName: "食品安全员", password: "mcll-demo-2026", orgId: school!.id, role: "food_safety_officer" } });
  expect(officer.status).toBe(201);
  // the supplier runs a canteen of its own
  const [supplier] = await t.db.select().from(orgs).where(eq(orgs.kind, "supplier"));
  const supplierCanteen = await t.call("POST", "/api/v1/canteens", { token: admin, body: { orgId: supplier!.id, name: "配送中心职工食堂" } });
  const cooking = supplierCanteen.json.areas.find((a: { kind: string }) => a.kind === "cooking");
  expect((await t.call("POST", "/api/v1/cameras", { token: admin, body: { areaId: cooking.id, name: "烹饪区", source: "test:烹饪区", publicVisible: true } })).status).toBe(201);
  expect((await t.call("POST", "/api/v1/gateways", { token: admin, body: { canteenId: supplierCanteen.json.id, name: "网关" } })).status).toBe(201);

  const [parent] = await t.db.select().from(users).where(eq(users.username, "school.parent"));
  const home = await targetFor(demoSchool, parent!.id);
  const sameDistrictOtherSchool = await targetFor("鄂城区第二中学");
  const otherCity = await targetFor("黄石港区第一中学");
  const supplierHome = await targetFor(supplier!.name);
  for (const role of Object.keys(ROLE_USERS) as Role[]) {
    tokens[role] = await t.login(ROLE_USERS[role]);
    const regionRole = ["regulator_admin", "inspector", "education_officer"].includes(role);
    homeOf[role] = role === "supplier_manager" ? supplierHome : home;
    foreignOf[role] = regionRole ? otherCity : role === "supplier_manager" ? home : sameDistrictOtherSchool;
  }
});
afterAll(() => t?.close());

describe("the matrix covers every endpoint", () => {
  it("has a probe for each operation in the OpenAPI document, and each declares a permission", () => {
    const documented = [...permissionOf.keys()].sort();
    expect(documented.length).toBeGreaterThan(25);
    expect(PROBES.map((p) => p.op).sort()).toEqual(documented);
    for (const p of permissionOf.values()) expect(p).toBeTruthy();
  });
});

/**
 * A clip attached to an order's problem (issue 19): the attach route declares recordings.read, the problem is checked
 * through orders.read like an order — so canteen staff, who see clips but not orders, get 404 at home, like a missing
 * problem — and a foreign clip is 404. Attached at home, the order's clip list includes the clip.
 */
describe("attaching a clip to an order's problem", () => {
  it.each([...(Object.keys(ROLE_USERS) as Role[]), "anonymous" as const])("%s", async (role) => {
    const readsOrders = role !== "anonymous" && rolesWith("orders.read").includes(role);
    const readsClips = role !== "anonymous" && rolesWith("recordings.read").includes(role);
    for (const home of [true, false]) {
      const target = role === "anonymous" ? homeOf.regulator_admin : home ? homeOf[role] : foreignOf[role];
      const token = role === "anonymous" ? undefined : tokens[role];
      const clipId = await clipOf(target);
      const res = await t.call("POST", `/api/v1/clips/${clipId}/attachments`, { token, body: { targetType: "order_item", targetId: target.orderItemId } });
      const want = role === "anonymous" ? 401 : !readsClips ? 403 : home && readsOrders ? 200 : 404;
      expect(res.status, `${role} ${home ? "home" : "foreign"}: ${res.text.slice(0, 200)}`).toBe(want);
      if (want !== 200) continue;
      expect(res.json.attachments).toContainEqual({ targetType: "order_item", targetId: target.orderItemId, problem: { orderId: target.orderId, seq: 1, text: "矩阵问题" } });
      const listed = await t.call("GET", `/api/v1/clips?targetType=order&targetId=${target.orderId}`, { token });
      expect(listed.json.items.map((c: { id: string }) => c.id)).toContain(clipId);
    }
  });
});

describe.each([...(Object.keys(ROLE_USERS) as Role[]), "anonymous" as const])("role %s", (role) => {
  it.each(PROBES.map((p) => [p.op, p] as const))("%s", async (_op, probe) => {
    for (const home of [true, false]) {
      const target = role === "anonymous" ? homeOf.regulator_admin : home ? homeOf[role] : foreignOf[role];
      const token = role === "anonymous" ? undefined : tokens[role];
      const username = role === "anonymous" ? "ezhou.admin" : ROLE_USERS[role];
      const res = await probe.run(token, target, { role: role === "anonymous" ? "inspector" : role, username });
      const want = expected(probe, role, home);
      expect(res.status, `${role} ${probe.op} ${home ? "home" : "foreign"}: ${res.text.slice(0, 200)}`).toBe(want);
      if (want >= 400) expect(res.json?.error?.code).toBeTruthy();
      if (want < 300 && probe.check && role !== "anonymous") probe.check(res, target, home);
    }
  });
});
