/**
 * The OpenAPI document is a faithful contract (issue 11, item 19): an independent property-based API tester,
 * schemathesis (installed by tests/contract/install-schemathesis.sh into .tools/schemathesis), runs every check
 * against a fresh API beside a real LiveKit, with realistic data for every operation (the ids of fixtures made
 * below), and must find nothing.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { base64, imageForm, jpegFrame, tinyJpeg } from "../support/images.ts";
import { startStack, type Stack } from "../support/stack.ts";
import { contractConfig, type Fixtures } from "../contract/config.ts";

const SCHEMATHESIS = resolve(import.meta.dirname, "../../.tools/schemathesis/bin/schemathesis");
/** test cases per operation and phase: enough to find what the document misstates, inside the suite's budget */
const EXAMPLES = Number(process.env.CONTRACT_EXAMPLES ?? 12);

let stack: Stack;
let fixtures: Fixtures;

async function makeFixtures(): Promise<Fixtures> {
  const admin = await stack.login("ezhou.admin");
  const inspector = await stack.login("echeng.inspector");
  const principal = await stack.login("school.principal");
  const ok = <T>(res: { status: number; text: string; json: T }, status = 200) => {
    if (res.status !== status) throw new Error(`fixture: ${res.status} ${res.text.slice(0, 300)}`);
    return res.json;
  };
  const canteenId = stack.demo.canteenId;
  const canteen = ok(await stack.call("GET", `/api/v1/canteens/${canteenId}`, { token: admin })) as { orgId: string; areas: Array<{ id: string }>; cameras: Array<{ id: string; gatewayId: string | null }> };
  const cameraId = canteen.cameras.find((c) => c.gatewayId === stack.demo.gatewayId)!.id;
  const gateway = ok(await stack.call("POST", "/api/v1/gateways", { token: admin, body: { canteenId, name: "契约测试网关" } }), 201) as { gateway: { id: string } };
  const user = ok(await stack.call("POST", "/api/v1/users", { token: admin, body: { username: "contract.staff", displayName: "契约测试", password: "contract-password-1", orgId: canteen.orgId, role: "canteen_staff" } }), 201) as { id: string };
  const membership = ok(await stack.call("POST", "/api/v1/memberships", { token: admin, body: { userId: user.id, orgId: canteen.orgId, role: "parent_rep" } }), 201) as { id: string };
  const inspection = ok(await stack.call("POST", "/api/v1/inspections", { token: inspector, body: { canteenId, kind: "live_inspection" } }), 201) as { id: string };
  const snapshot = ok(await stack.call("POST", "/api/v1/snapshots", { token: inspector, form: imageForm("file", [jpegFrame(160, 90)], { cameraId, inspectionId: inspection.id }) }), 201) as { id: string };
  const annotation = ok(await stack.call("POST", `/api/v1/snapshots/${snapshot.id}/annotations`, { token: inspector, body: { shape: { kind: "rect", x: 0.1, y: 0.1, w: 0.3, h: 0.3 } } }), 201) as { annotation: { id: string } };
  const bases = ok(await stack.call("GET", "/api/v1/legal-bases", { token: inspector })) as { items: Array<{ id: string }> };
  const order = ok(await stack.call("POST", "/api/v1/orders", { token: inspector, body: { inspectionId: inspection.id, items: [{ problem: "契约测试：库房地面有积水", severity: "minor", legalBasisId: bases.items[0]!.id, snapshotIds: [snapshot.id] }] } }), 201) as { id: string };
  ok(await stack.call("POST", `/api/v1/orders/${order.id}/acknowledge`, { token: principal }));
  const submitted = ok(await stack.call("POST", `/api/v1/orders/${order.id}/submit`, { token: principal, form: imageForm("photos", [jpegFrame(120, 80, 5)], { description: "已清理积水" }) })) as { events: Array<{ evidence: Array<{ id: string }> }> };
  const evidenceId = submitted.events.flatMap((e) => e.evidence)[0]!.id;
  const ingest = async (type: string) =>
    (ok(await stack.call("POST", "/api/v1/gateway/alerts", { token: stack.demo.deviceToken, body: { idempotencyKey: `contract-${type}-${Math.random().toString(36).slice(2, 10)}`, cameraId, type, confidence: 0.9, boxes: [], occurredAt: new Date().toISOString(), snapshotJpegBase64: base64(tinyJpeg()) } }), 201) as { alertId: string }).alertId;
  const alertId = await ingest("phone_use");
  ok(await stack.call("POST", `/api/v1/alerts/${alertId}/acknowledge`, { token: principal, body: {} }));
  const disposed = ok(await stack.call("POST", `/api/v1/alerts/${alertId}/dispose`, { token: principal, body: { note: "已提醒员工", photoBase64: base64(tinyJpeg(40, 30)) } })) as { events: Array<{ id: string; hasPhoto: boolean }> };
  const repeated = await ingest("no_mask");
  await ingest("no_mask");
  const detail = ok(await stack.call("GET", `/api/v1/alerts/${repeated}`, { token: principal })) as { recentOccurrences: Array<{ id: string }> };
  // patrol (issue 12): one more inspector, at the city, so that a city draw has two from outside each district (回避)
  const cityRegulator = (ok(await stack.call("GET", `/api/v1/orgs?q=${encodeURIComponent("鄂州市市场监督管理局")}`, { token: admin })) as { items: Array<{ id: string; name: string }> }).items.find((o) => o.name === "鄂州市市场监督管理局")!;
  ok(await stack.call("POST", "/api/v1/users", { token: admin, body: { username: "contract.inspector", displayName: "契约测试巡查员", password: "contract-password-1", orgId: cityRegulator.id, role: "inspector" } }), 201);
  const drawBody = { regionCode: "420700", name: "契约测试抽查", publicValueSource: "契约测试公开值", count: 1, method: "risk" };
  const draw = ok(await stack.call("POST", "/api/v1/patrol/draws", { token: admin, body: drawBody }), 201) as { id: string };
  ok(await stack.call("POST", `/api/v1/patrol/draws/${draw.id}/commit`, { token: admin }));
  const revealed = ok(await stack.call("POST", `/api/v1/patrol/draws/${draw.id}/reveal`, { token: admin, body: { publicValue: "3361.45" } })) as { targets: Array<{ inspectorIds: string[] }> };
  const draft = ok(await stack.call("POST", "/api/v1/patrol/draws", { token: admin, body: drawBody }), 201) as { id: string };
  const plan = ok(await stack.call("POST", "/api/v1/patrol/plans", { token: admin, body: { regionCode: "420700", year: 2026, name: "契约测试计划", defaultMonthlyQuota: 4 } }), 201) as { id: string };
  const checkers = await Promise.all(["echeng.inspector", "huarong.inspector"].map((u) => stack.login(u)).concat([stack.login("contract.inspector", "contract-password-1")]));
  const who = await Promise.all(checkers.map(async (token) => ({ token, id: (ok(await stack.call("GET", "/api/v1/auth/me", { token })) as { id: string }).id })));
  const spotChecker = who.find((w) => revealed.targets[0]!.inspectorIds.includes(w.id))!.token;
  const spotCheck = (ok(await stack.call("GET", "/api/v1/patrol/spot-checks", { token: spotChecker })) as { items: Array<{ id: string }> }).items[0]!;
  const slug = (ok(await stack.call("GET", `/api/v1/canteens/${canteenId}`, { token: admin })) as { publicSlug: string }).publicSlug;
  const filed = ok(await stack.call("POST", `/api/v1/public/canteens/${slug}/complaints`, { form: imageForm("photo", [tinyJpeg()], { category: "hygiene", text: "契约测试投诉", phone: "13800001111" }) }), 201) as { code: string };
  const complaints = ok(await stack.call("GET", `/api/v1/complaints?q=${filed.code}`, { token: admin })) as { items: Array<{ id: string }> };
  const parent = await stack.login("school.parent");
  const parentId = (ok(await stack.call("GET", "/api/v1/auth/me", { token: parent })) as { id: string }).id;
  const principalId = (ok(await stack.call("GET", "/api/v1/auth/me", { token: principal })) as { id: string }).id;
  const seat = ok(await stack.call("POST", "/api/v1/committee", { token: principal, body: { orgId: canteen.orgId, userId: parentId, grade: "七年级", term: "2026—2027学年" } }), 201) as { id: string };
  const now = Date.now();
  const session = ok(await stack.call("POST", "/api/v1/viewing-sessions", { token: principal, body: { canteenId, title: "契约测试观看", startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 7_200_000).toISOString(), cameraIds: [cameraId], inviteeIds: [parentId], hostId: principalId } }), 201) as { id: string };
  const asked = ok(await stack.call("POST", `/api/v1/viewing-sessions/${session.id}/questions`, { token: parent, body: { text: "契约测试提问" } }), 201) as { questions: Array<{ id: string }> };
  const frozen = ok(await stack.call("POST", `/api/v1/viewing-sessions/${session.id}/frames`, { token: parent, form: imageForm("file", [jpegFrame(120, 80, 5)], { cameraId }) }), 201) as { id: string };
  const staff = ok(await stack.call("POST", "/api/v1/ledgers/staff", { token: principal, body: { canteenId, name: "契约测试", position: "厨师", certificateNo: "HC20260001", certificateIssuedOn: "2026-01-01", certificateExpiresOn: "2099-01-01", photo: base64(tinyJpeg()) } }), 201) as { id: string };
  const entry = ok(await stack.call("POST", "/api/v1/ledgers/entries", { token: principal, body: { kind: "photo_record", canteenId, idempotencyKey: "contract-ledger-1", eventAt: new Date().toISOString(), data: { area: "storage", caption: "库房" }, photos: [base64(tinyJpeg(40, 30))] } }), 201) as { id: string; photos: Array<{ id: string }> };
  // 靶向飞行: the complaint sent on site to the district inspector, who has arrived and taken a photo
  const inspectorId = (ok(await stack.call("GET", "/api/v1/auth/me", { token: inspector })) as { id: string }).id;
  const fieldBody = { source: { kind: "complaint", id: complaints.items[0]!.id }, inspectorIds: [inspectorId], dueAt: new Date(now + 3 * 86_400_000).toISOString() };
  const fieldTask = ok(await stack.call("POST", "/api/v1/field-tasks", { token: admin, body: fieldBody }), 201) as { id: string };
  ok(await stack.call("POST", `/api/v1/field-tasks/${fieldTask.id}/start`, { token: inspector, body: {} }));
  const onSite = ok(await stack.call("POST", `/api/v1/field-tasks/${fieldTask.id}/photos`, { token: inspector, form: imageForm("photo", [jpegFrame(120, 80, 3)], { capturedAt: new Date().toISOString() }) })) as { photos: Array<{ id: string }> };
  // 应急指挥调度 (issue 16, item 8): a notice to 鄂城区, whose demo school's principal signs for it
  const notice = ok(await stack.call("POST", "/api/v1/notices", { token: admin, body: { regionCode: "420704", title: "契约测试调度通知", body: "契约测试", urgency: "urgent" } }), 201) as { id: string };
  return {
    url: stack.url,
    tokens: { admin, principal, inspector, device: stack.demo.deviceToken, logout: await stack.login("school.director"), logoutEverywhere: await stack.login("school.staff"), spotChecker, parent },
    ids: {
      orgId: canteen.orgId,
      canteenId,
      areaId: canteen.areas[0]!.id,
      cameraId,
      gatewayId: gateway.gateway.id,
      userId: user.id,
      membershipId: membership.id,
      inspectionId: inspection.id,
      snapshotId: snapshot.id,
      annotationId: annotation.annotation.id,
      orderId: order.id,
      evidenceId,
      alertId,
      eventId: disposed.events.find((e) => e.hasPhoto)!.id,
      occurrenceAlertId: repeated,
      occurrenceId: detail.recentOccurrences[0]!.id,
      drawId: draw.id,
      draftDrawId: draft.id,
      spotCheckId: spotCheck.id,
      planId: plan.id,
      slug,
      complaintId: complaints.items[0]!.id,
      complaintCode: filed.code,
      committeeMemberId: seat.id,
      sessionId: session.id,
      questionId: asked.questions[0]!.id,
      frameId: frozen.id,
      staffId: staff.id,
      ledgerEntryId: entry.id,
      ledgerPhotoId: entry.photos[0]!.id,
      fieldTaskId: fieldTask.id,
      fieldPhotoId: onSite.photos[0]!.id,
      noticeId: notice.id,
    },
  };
}

beforeAll(async () => {
  if (!existsSync(SCHEMATHESIS)) throw new Error(`${SCHEMATHESIS} is missing: run sh tests/contract/install-schemathesis.sh (npm test does)`);
  stack = await startStack({ name: "contract", livekit: true, aiCamera: false, env: { ORDER_SWEEP_SECONDS: "0", ALERT_SWEEP_SECONDS: "0" } });
  fixtures = await makeFixtures();
}, 180_000);
afterAll(() => stack?.close());

describe("the OpenAPI document against an independent tester", () => {
  it("schemathesis, every check, realistic data for every operation: no failure", async () => {
    const config = join(stack.dir, "schemathesis.toml");
    writeFileSync(config, contractConfig(fixtures));
    const out = await new Promise<{ code: number; text: string }>((resolve) => {
      execFile(
        SCHEMATHESIS,
        ["--config-file", config, "run", `${fixtures.url}/api/v1/openapi.json`, "--checks", "all", "-n", String(EXAMPLES), "--seed", "20261204", "--workers", "1", "--no-color", "--output-truncate", "true"],
        { cwd: stack.dir, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, text: `${stdout}\n${stderr}` }),
      );
    });
    // the whole report, for whoever reads a failure (test-results/ is ignored by git)
    mkdirSync(resolve(import.meta.dirname, "../../test-results"), { recursive: true });
    writeFileSync(resolve(import.meta.dirname, "../../test-results/schemathesis.txt"), out.text);
    const summary = out.text.slice(out.text.lastIndexOf("SUMMARY") - 40);
    const failures = [...out.text.matchAll(/^_{3,} (.+?) _{3,}$\n[\s\S]*?^- (ST\d+ [^\n]+)/gm)].map((m) => `${m[1]}: ${m[2]}`);
    expect({ failures, exit: out.code }, `${failures.join("\n")}\n${summary.slice(0, 4000)}`).toEqual({ failures: [], exit: 0 });
    expect(out.text).toMatch(/Tested: \d+/);
  }, 900_000);
});
