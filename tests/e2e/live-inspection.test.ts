import { describe, expect, it } from "vitest";
import { setupOnce } from "./support/setup.ts";
import { openLive, startLiveStack } from "./support/live.ts";

const AREAS = ["storage", "rough_processing", "cooking", "prep_room", "washing"] as const;

/**
 * An inspection through the UI: started and ended by the inspector, seen live by the principal through the
 * server's "session" message in the LiveKit room, with participants recorded from LiveKit's webhooks.
 */
describe("live inspection in Chromium", () => {
  const liveStack = setupOnce(() => startLiveStack({ gateway: false }), (stack) => stack.close());

  it("the inspector starts an inspection, the principal sees it live, the inspector ends it with the checklist", async () => {
    const stack = liveStack();
    const inspector = await stack.signIn("echeng.inspector");
    const principal = await stack.signIn("school.principal");
    await openLive(inspector, stack.server.url, stack.canteenId);
    await openLive(principal, stack.server.url, stack.canteenId);
    const identity = (page: typeof inspector.page) => page.evaluate(() => (window as unknown as { __live: { room: any } }).__live.room.localParticipant.identity as string);
    const inspectorId = await identity(inspector.page);
    const principalId = await identity(principal.page);
    await principal.page.waitForSelector('[data-testid="inspection-none"]');
    // only inspectors start and end inspections
    expect(await principal.page.locator('[data-testid="inspection-start-form"]').count()).toBe(0);

    await inspector.page.selectOption('[data-testid="inspection-kind"]', "live_inspection");
    await inspector.page.click('[data-testid="inspection-start"]');
    // no gateway runs here, so no camera is online: the page warns first, and starts when confirmed
    await inspector.page.click('[data-testid="inspection-start-anyway"]');
    const active = await inspector.page.waitForSelector('[data-testid="active-inspection"]');
    const inspectionId = (await active.getAttribute("data-inspection-id"))!;

    // the principal's page was open all along: only the room's "session" message can have told it
    await principal.page.waitForSelector(`[data-testid="active-inspection"][data-inspection-id="${inspectionId}"]`);
    const by = await principal.page.textContent('[data-testid="active-inspection-by"]');
    expect(by).toContain("鄂城区巡查员 张敏");
    expect(await principal.page.textContent('[data-testid="active-inspection"]')).toContain("远程实时检查");

    // the principal leaves and comes back: LiveKit's webhooks record both
    const api = `${stack.server.url}/api/v1/inspections/${inspectionId}`;
    type Participant = { identity: string; role: string; leftAt: string | null };
    const participants = async () => ((await (await inspector.context.request.get(api)).json()) as { participants: Participant[] }).participants;
    await principal.page.reload();
    await principal.page.waitForSelector('[data-testid="connection-state"][data-state="connected"]');
    // (sorted: the webhook's join time has whole-second resolution, so the rows' order is not guaranteed)
    await expect
      .poll(async () => (await participants()).filter((p) => p.identity === principalId).map((p) => (p.leftAt ? "left" : "here")).sort(), { timeout: 20_000, interval: 250 })
      .toEqual(["here", "left"]);

    // the form refuses an incomplete checklist and sends nothing
    await inspector.page.click('[data-testid="checklist-storage-ok"]');
    await inspector.page.click('[data-testid="inspection-end"]');
    const problem = await inspector.page.textContent('[data-testid="checklist-error"]');
    expect(problem).toContain("粗加工制作区");
    expect(problem).toContain("餐用具洗消区");
    expect(await inspector.page.locator('[data-testid="active-inspection"]').count()).toBe(1);

    for (const area of AREAS) await inspector.page.click(`[data-testid="checklist-${area}-${area === "washing" ? "issue" : "ok"}"]`);
    await inspector.page.fill('[data-testid="checklist-washing-note"]', "消毒记录缺 11 月 20 日");
    await inspector.page.fill('[data-testid="inspection-outcome"]', "洗消区消毒记录不全，其余区域规范");
    await inspector.page.click('[data-testid="inspection-end"]');
    await inspector.page.waitForSelector(`[data-testid="inspection-ended"][data-inspection-id="${inspectionId}"]`);
    await principal.page.waitForSelector(`[data-testid="inspection-ended"][data-inspection-id="${inspectionId}"]`);
    expect(await principal.page.textContent('[data-testid="inspection-ended"]')).toContain("发现问题");
    expect(await principal.page.locator('[data-testid="active-inspection"]').count()).toBe(0);

    const ended = await (await inspector.context.request.get(api)).json();
    expect(ended.status).toBe("ended");
    expect(ended.result).toBe("issues_found");
    expect(ended.checklist).toEqual(AREAS.map((areaKind) => ({ areaKind, status: areaKind === "washing" ? "issue" : "ok", ...(areaKind === "washing" ? { note: "消毒记录缺 11 月 20 日" } : {}) })));
    const people = ended.participants as Participant[];
    expect(people.find((p) => p.identity === inspectorId)?.role).toBe("inspector");
    expect(people.filter((p) => p.identity === principalId).map((p) => p.role)).toEqual(["principal", "principal"]);

    expect(inspector.problems).toEqual([]);
    expect(principal.problems).toEqual([]);
    await inspector.context.close();
    await principal.context.close();
  });
});
