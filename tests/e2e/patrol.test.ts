import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { jpegFrame } from "../support/images.ts";
import { freezeFirstMovingCamera } from "./support/annotate.ts";
import { launchChromium } from "./support/browser.ts";
import { startGateway } from "./support/gateway.ts";
import { waitForMovingTiles } from "./support/live.ts";
import { type Stack, startStack } from "../support/stack.ts";
import { setupOnce } from "./support/setup.ts";

/**
 * 网上抽查 and 靶向飞行 in Chromium (issue 12), the whole chain: the city admin defines, commits and reveals a draw of 3
 * canteens; the verify page recomputes it in the browser and says it matches; an assigned inspector finds the task,
 * runs the spot check in the drawn canteen's live view (real LiveKit, the canteen's real edge gateway), freezes a
 * frame and records 发现问题 with that inspection; makes a field task (转靶向飞行) from the finding for the city's inspector,
 * who on a 390×844 phone completes it with a photo and issues an order; the district's coverage for the semester has moved. The
 * other checks are completed on phones; the public (signed out) verify page matches and the region page lists it.
 * Screenshots go to SCREENSHOTS when set (the helper's notes).
 */
const SHOTS = process.env.SCREENSHOTS;
const AREAS = ["storage", "rough_processing", "cooking", "prep_room", "washing"] as const;

describe("网上抽查 in Chromium", () => {
  /** the drawn canteen's gateway, started once the draw is revealed (stopped with the stack) */
  const running: { gateway?: Awaited<ReturnType<typeof startGateway>> } = {};
  const env = setupOnce(
    async () => {
      const server = await startStack({ name: "e2e-patrol", livekit: true, client: true, aiCamera: false });
      try {
        return { server, browser: await launchChromium() };
      } catch (error) {
        await server.close();
        throw error;
      }
    },
    async ({ server, browser }: { server: Stack; browser: Browser }) => {
      await browser.close();
      await running.gateway?.stop();
      await server.close();
    },
  );

  async function visit(username: string | null, path: string, phone = false, password = DEMO_PASSWORD) {
    const { server, browser } = env();
    // a phone: touch, and the position allowed (a field task's photo keeps where it was taken)
    const mobile = phone ? { isMobile: true, hasTouch: true, geolocation: { latitude: 30.3912, longitude: 114.8946, accuracy: 15 }, permissions: ["geolocation"] } : {};
    const context: BrowserContext = await browser.newContext({ locale: "zh-CN", viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 900 }, ...mobile });
    if (username) expect((await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username, password } })).ok()).toBe(true);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));
    await page.goto(`${server.url}${path}`);
    return { context, page, errors };
  }
  const shot = async (page: Page, name: string) => {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };
  /** the coverage page's card of the district holding `canteenName` (this semester): covered count and whether it is still listed */
  async function districtCoverage(page: Page, canteenName: string) {
    await page.goto(`${env().server.url}/patrol/coverage`);
    await page.waitForSelector('[data-testid="coverage-district"]');
    return page.$$eval(
      '[data-testid="coverage-district"]',
      (cards, name) => {
        const card = cards.find((c) => [...c.querySelectorAll("details li")].some((li) => li.textContent === name)) ?? null;
        return card ? { district: (card as HTMLElement).dataset.district!, covered: Number((card as HTMLElement).dataset.covered), listed: true } : null;
      },
      canteenName,
    );
  }

  it("draws, commits, reveals and verifies; the inspector runs the spot check live, records the finding with a frozen frame, completes its field task on a phone with an order; coverage moves", async () => {
    const { server } = env();
    const admin = await server.login("ezhou.admin");
    // one more inspector at the city, so each target has two from outside its district (回避)
    const orgs = await server.call("GET", `/api/v1/orgs?q=${encodeURIComponent("鄂州市市场监督管理局")}`, { token: admin });
    const city = orgs.json.items.find((o: { name: string }) => o.name === "鄂州市市场监督管理局");
    const created = await server.call("POST", "/api/v1/users", { token: admin, body: { username: "ezhou.inspector", displayName: "鄂州市巡查员 吴刚", password: "patrol-password-1", orgId: city.id, role: "inspector" } });
    expect(created.status).toBe(201);

    const { context, page, errors } = await visit("ezhou.admin", "/patrol/draws");
    await page.fill('[data-testid="draw-name"]', "2026年12月第一批网上抽查");
    await page.fill('[data-testid="draw-count"]', "3");
    await page.fill('[data-testid="draw-source"]', "2026年12月7日上证综合指数收盘点位");
    await page.click('[data-testid="draw-create"]');
    await page.waitForSelector('[data-testid="draw-status"][data-status="draft"]');
    expect(await page.locator('[data-testid="draw-risk-row"]').count()).toBeGreaterThan(3);
    await shot(page, "draw-draft");
    await page.click('[data-testid="draw-commit"]');
    await page.waitForSelector('[data-testid="draw-status"][data-status="committed"]');
    const commitment = await page.textContent('[data-testid="draw-commitment"]');
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    await page.fill('[data-testid="draw-public-value-input"]', "3361.45");
    await page.click('[data-testid="draw-reveal"]');
    await page.waitForSelector('[data-testid="draw-status"][data-status="revealed"]');
    expect(await page.locator('[data-testid="draw-target"]').count()).toBe(3);
    await shot(page, "draw-revealed");
    const drawId = page.url().split("/").pop()!;
    await page.click('[data-testid="draw-verify-link"]');
    const verdict = await page.waitForSelector('[data-testid="verify-draw-result"][data-result="match"]');
    expect(await verdict.textContent()).toContain("验证通过");
    await shot(page, "verify-signed-in");

    const draw = (await server.call("GET", `/api/v1/patrol/draws/${drawId}`, { token: admin })).json as { targets: Array<{ canteenId: string; inspectorIds: string[] }> };
    expect(draw.targets.every((t) => t.inspectorIds.length === 2)).toBe(true);
    const accounts = [
      ["echeng.inspector", DEMO_PASSWORD],
      ["huarong.inspector", DEMO_PASSWORD],
      ["ezhou.inspector", "patrol-password-1"],
    ] as const;
    // the spot check run live: the first task of the first account that has one (the city's inspector first), whichever
    // canteen the draw picked
    type Check = { id: string; canteenId: string; canteenName: string; status: string };
    let live: { username: string; password: string; check: Check } | undefined;
    for (const [username, password] of [...accounts].reverse()) {
      const mine = (await server.call("GET", "/api/v1/patrol/spot-checks", { token: await server.login(username, password) })).json as { items: Check[] };
      if (mine.items[0]) {
        live = { username, password, check: mine.items[0] };
        break;
      }
    }
    if (!live) throw new Error("the draw assigned no spot check to any inspector");
    const { check } = live;

    // the district's coverage for the semester before: the drawn canteen is still to patrol
    const before = await districtCoverage(page, check.canteenName);
    if (!before) throw new Error(`${check.canteenName} is not listed as uncovered on the coverage page`);
    await shot(page, "coverage-before");
    expect(errors).toEqual([]);

    // The draw is random and only the demo canteen's gateway runs in these tests, so the drawn canteen might have no
    // video. Every demo canteen has its own gateway and device token, seeded with it (the demo city, media/gateway/city.ts,
    // runs them all under `npm start`): this starts the real gateway of the canteen that was drawn, as its box would
    // be running at the school — not the draw bent towards a canteen with video, nor a fake stream.
    const boxes = JSON.parse(readFileSync(server.gatewayTokenFile, "utf8")) as { gateways: Array<{ canteenId: string; deviceToken: string }> };
    const box = boxes.gateways.find((g) => g.canteenId === check.canteenId)!;
    const tokenFile = join(server.dir, "drawn-gateway.json");
    writeFileSync(tokenFile, JSON.stringify({ deviceToken: box.deviceToken }), { mode: 0o600 });
    const cameras = (await server.call("GET", `/api/v1/canteens/${check.canteenId}`, { token: admin })).json.cameras as unknown[];
    running.gateway = await startGateway({ apiUrl: server.url, tokenFile, cameras: cameras.length });

    // the inspector: the task, the drawn canteen's live view from it, a spot-check inspection with a frozen frame
    const desk = await visit(live.username, "/patrol/spot-checks", false, live.password);
    const card = desk.page.locator(`[data-testid="spot-check"][data-canteen-id="${check.canteenId}"]`);
    await card.locator('[data-testid="live-link"]').click();
    await desk.page.waitForSelector('[data-testid="connection-state"][data-state="connected"]', { timeout: 30_000 });
    await waitForMovingTiles(desk.page, 1);
    expect(await desk.page.inputValue('[data-testid="inspection-kind"]')).toBe("spot_check");
    await desk.page.click('[data-testid="inspection-start"]');
    const active = await desk.page.waitForSelector('[data-testid="active-inspection"]');
    expect(await active.textContent()).toContain("双随机抽查");
    // the gateway streams: no "no camera online" warning stood in the way
    expect(await desk.page.locator('[data-testid="inspection-no-camera"]').count()).toBe(0);
    const inspectionId = (await active.getAttribute("data-inspection-id"))!;
    const snapshotId = await freezeFirstMovingCamera(desk.page);
    await shot(desk.page, "spot-check-live");
    await desk.page.click('[data-testid="snapshot-close"]');
    for (const area of AREAS) await desk.page.click(`[data-testid="checklist-${area}-${area === "prep_room" ? "issue" : "ok"}"]`);
    await desk.page.fill('[data-testid="checklist-prep_room-note"]', "操作人员未佩戴口罩");
    await desk.page.fill('[data-testid="inspection-outcome"]', "备餐间操作人员未佩戴口罩");
    await desk.page.click('[data-testid="inspection-end"]');
    await desk.page.waitForSelector(`[data-testid="inspection-ended"][data-inspection-id="${inspectionId}"]`);
    await shot(desk.page, "spot-check-ended-live");

    // back to the task: the finding is that inspection, its result and outcome filled in
    await desk.page.click('[data-testid="spot-check-record"]');
    await card.locator(`[data-testid="spot-check-linked"][data-inspection-id="${inspectionId}"]`).waitFor();
    expect(await card.locator('[data-testid="spot-result-issues_found"]').getAttribute("aria-checked")).toBe("true");
    expect(await card.locator('[data-testid="spot-check-note"]').inputValue()).toBe("备餐间操作人员未佩戴口罩");
    await shot(desk.page, "spot-check-record");
    await card.locator('[data-testid="spot-check-submit"]').click();
    const done = desk.page.locator(`[data-testid="spot-check"][data-status="done"][data-canteen-id="${check.canteenId}"]`);
    expect(await done.locator('[data-testid="spot-check-result"]').textContent()).toContain("发现问题");
    const recorded = (await server.call("GET", `/api/v1/patrol/spot-checks/${check.id}`, { token: await server.login(live.username, live.password) })).json;
    expect(recorded.inspectionId).toBe(inspectionId);

    // 转靶向飞行 from the finding, sent to the city's inspector: an order is issued in the name of a regulator with
    // jurisdiction over the school (server/orders/issue.ts), which a district inspector drawn by 回避 for another
    // district's school is not; the city's covers every district (it may be the one who ran the check)
    await done.locator('[data-testid="to-field"]').click();
    await done.locator('[data-testid="field-inspector"]').first().waitFor();
    await done.locator("label.choice", { hasText: "鄂州市巡查员 吴刚" }).locator("input").check();
    await done.locator('[data-testid="field-instructions"]').fill("现场核查备餐间人员佩戴口罩情况");
    await shot(desk.page, "spot-check-to-field");
    await done.locator('[data-testid="field-create"]').click();
    await done.locator('[data-testid="field-made"]').waitFor();
    expect([...errors, ...desk.errors]).toEqual([]);
    await desk.context.close();

    // on a phone: the field task, its evidence the spot check and the frozen frame; arrival, a photo, the result
    const phone = await visit("ezhou.inspector", "/field", true, "patrol-password-1");
    await phone.page.click('[data-testid="field-mine"]');
    await phone.page.click('[data-testid="field-task"][data-status="assigned"] a');
    await phone.page.waitForSelector('[data-testid="field-status"][data-status="assigned"]');
    expect(await phone.page.locator('[data-testid="field-evidence"] [data-kind="spot_check"]').textContent()).toContain("备餐间操作人员未佩戴口罩");
    const frame = phone.page.locator(`[data-testid="field-evidence"] [data-kind="snapshot"] img[src="/api/v1/snapshots/${snapshotId}/image"]`);
    await frame.scrollIntoViewIfNeeded();
    await phone.page.waitForFunction((src) => ((document.querySelector(`img[src="${src}"]`) as HTMLImageElement | null)?.naturalWidth ?? 0) > 0, `/api/v1/snapshots/${snapshotId}/image`);
    await shot(phone.page, "field-task-phone");
    await phone.page.click('[data-testid="field-start"]');
    await phone.page.waitForSelector('[data-testid="field-status"][data-status="on_site"]');
    await phone.page.setInputFiles('[data-testid="field-photo-input"]', [{ name: "onsite.jpg", mimeType: "image/jpeg", buffer: Buffer.from(jpegFrame(320, 240, 6)) }]);
    await phone.page.waitForSelector('[data-testid="field-photo"]');
    await phone.page.click('[data-testid="field-check-prep_room-issue"]');
    await phone.page.click('[data-testid="field-check-cooking-ok"]');
    await phone.page.click('[data-testid="field-result-confirmed"]');
    await phone.page.fill('[data-testid="field-note"]', "现场属实：备餐间两名操作人员未佩戴口罩");
    await shot(phone.page, "field-run-phone");
    await phone.page.click('[data-testid="field-complete"]');
    await phone.page.waitForSelector('[data-testid="field-status"][data-status="done"]');
    expect(await phone.page.textContent('[data-testid="field-result"]')).toBe("属实");

    // the order from the on-site inspection, with the spot check's frozen frame as its evidence
    await phone.page.click('[data-testid="field-issue-order"]');
    await phone.page.fill('[data-testid="order-problem"]', "备餐间操作人员未佩戴口罩");
    const firstBasis = await phone.page.waitForSelector('[data-testid="order-basis"] option[value]:not([value=""])', { state: "attached" });
    await phone.page.selectOption('[data-testid="order-basis"]', await firstBasis.evaluate((o) => (o as HTMLOptionElement).value));
    await phone.page.locator(`[data-testid="order-snapshot"][value="${snapshotId}"]`).check();
    await shot(phone.page, "field-order-phone");
    await phone.page.click('[data-testid="order-send"]');
    await phone.page.waitForURL(/\/orders\/ord_/);
    await phone.page.waitForSelector('[data-testid="order-number"]');
    await shot(phone.page, "field-order-issued-phone");
    expect(phone.errors).toEqual([]);
    await phone.context.close();

    // the district's coverage for the semester has moved: one more school patrolled, the drawn canteen no longer listed
    const after = await districtCoverage(page, check.canteenName);
    expect(after).toBeNull();
    const card2 = page.locator(`[data-testid="coverage-district"][data-district="${before.district}"]`);
    expect(Number(await card2.getAttribute("data-covered"))).toBe(before.covered + 1);
    await shot(page, "coverage-after");
    expect(errors).toEqual([]);
    await context.close();

    // the other assigned checks, completed on phones: 合格
    for (const [username, password] of accounts) {
      const other = await visit(username, "/patrol/spot-checks", true, password);
      await other.page.waitForSelector('[data-testid="spot-checks-page"]');
      await other.page.waitForFunction(() => !document.body.textContent?.includes("加载中"));
      const pending = other.page.locator('[data-testid="spot-check"][data-status="pending"]');
      while ((await pending.count()) > 0) {
        const c = pending.first();
        if (username === "huarong.inspector") await shot(other.page, "spot-checks-phone");
        await c.locator('[data-testid="spot-result-satisfactory"]').click();
        const n = await pending.count();
        await c.locator('[data-testid="spot-check-submit"]').click();
        await other.page.waitForFunction((k) => document.querySelectorAll('[data-testid="spot-check"][data-status="pending"]').length < k, n);
      }
      expect(other.errors).toEqual([]);
      await other.context.close();
    }

    // everyone can now check it, signed out
    const pub = await visit(null, `/verify/draw/${drawId}`, true);
    await pub.page.waitForSelector('[data-testid="verify-draw-result"][data-result="match"]');
    await shot(pub.page, "verify-public-phone");
    await pub.page.goto(`${server.url}/public/regions/420700/draws`);
    await pub.page.waitForSelector('[data-testid="public-draw"]');
    expect(await pub.page.textContent('[data-testid="public-draws-page"]')).toContain("发现问题");
    await shot(pub.page, "public-region-phone");
    expect(pub.errors).toEqual([]);
    await pub.context.close();
  }, 240_000);

  it("shows coverage per district and the patrol records", async () => {
    const { server } = env();
    // one online patrol of the demo canteen, ended with its checklist
    const inspector = await server.login("echeng.inspector");
    const started = await server.call("POST", "/api/v1/inspections", { token: inspector, body: { canteenId: server.demo.canteenId, kind: "online_patrol" } });
    const checklist = ["storage", "rough_processing", "cooking", "prep_room", "washing"].map((areaKind) => ({ areaKind, status: areaKind === "washing" ? "issue" : "ok", ...(areaKind === "washing" ? { note: "消毒柜未开启" } : {}) }));
    expect((await server.call("POST", `/api/v1/inspections/${started.json.id}/end`, { token: inspector, body: { outcome: "洗消区消毒柜未开启，已电话提醒", checklist } })).status).toBe(200);
    const { context, page, errors } = await visit("ezhou.admin", "/patrol/coverage");
    await page.waitForSelector('[data-testid="coverage-district"]');
    expect(await page.locator('[data-testid="coverage-district"]').count()).toBe(3);
    await shot(page, "coverage");
    await page.goto(`${env().server.url}/patrol/records`);
    await page.waitForSelector('[data-testid="record"]');
    await page.locator('[data-testid="record"] summary').first().click();
    expect(await page.textContent('[data-testid="record"]')).toContain("消毒柜未开启");
    await shot(page, "records");
    // the yearly plan: made here, its progress at once (鄂城区's patrols of today count against its quota: the demo
    // canteen's, and the first test's spot check if the draw picked a school of 鄂城区)
    const echeng = (await server.call("GET", "/api/v1/patrol/coverage?regionCode=420704", { token: inspector })).json.districts[0] as { covered: number; total: number; uncovered: Array<{ canteenId: string }> };
    expect(echeng.covered).toBeGreaterThanOrEqual(1);
    expect(echeng.uncovered.map((u) => u.canteenId)).not.toContain(server.demo.canteenId);
    await page.goto(`${env().server.url}/patrol/plans`);
    await page.fill('[data-testid="plan-name"]', "鄂州市2026学年网上巡查工作计划");
    await page.click('[data-testid="plan-create"]');
    await page.waitForSelector('[data-testid="plan-district"][data-district="420704"]');
    expect(await page.locator('[data-testid="plan-district"]').count()).toBe(3);
    expect(await page.textContent('[data-testid="plan-district"][data-district="420704"]')).toContain(`${echeng.covered} / 12 所`);
    await shot(page, "plans");
    await page.goto(`${env().server.url}/schools`);
    await page.waitForSelector('[data-testid="school-last-patrolled"]');
    await shot(page, "schools");
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
