import { type RemoteTrack, Room, RoomEvent, VideoStream } from "@livekit/rtc-node";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { setupOnce } from "./support/setup.ts";
import { startLiveStack, waitForMovingTiles } from "./support/live.ts";

/**
 * 监督观看 end to end (issue 13): real LiveKit, the real gateway and Chromium. The principal schedules a session
 * opening 备餐间 (not public) for two committee members; the first joins and sees 备餐间 moving, an uninvited
 * parent cannot join; a question is asked and answered, a hand raised — each pushed to the other side at once over
 * the bus (the parent's page in the room does not poll); the host opens the parent's microphone and hears it;
 * the window is ended and the gateway withdraws 备餐间 from a parent still connected; the parent evaluates; the
 * regulator reads the record, with the frame the parent froze of 备餐间.
 */
const audioBytesFrom = (page: Page, identity: string) =>
  page.evaluate(async (who) => {
    const room = (window as unknown as { __live: { room: any } }).__live.room;
    let bytes = 0;
    for (const pub of room.remoteParticipants.get(who)?.audioTrackPublications.values() ?? []) {
      const report: RTCStatsReport | undefined = await pub.track?.getRTCStatsReport();
      report?.forEach((s: { type: string; bytesReceived?: number }) => {
        if (s.type === "inbound-rtp") bytes += s.bytesReceived ?? 0;
      });
    }
    return bytes;
  }, identity);

const step = (what: string) => console.log(`[viewing e2e] ${new Date().toISOString()} ${what}`);
const within = <T,>(p: Promise<T>, ms: number, what: string) => Promise.race([p, new Promise<T>((_r, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);

describe("a supervised viewing session in Chromium", () => {
  let prep = { id: "", name: "" };
  /** cameras neither public nor in the session: no parent may receive them */
  let closed: string[] = [];
  const users: Record<string, string> = {};
  const env = setupOnce(
    () =>
      startLiveStack({
        gateway: true,
        // 备餐间 is not public here: only a session opens it to parents
        beforeGateway: async (server) => {
          const principal = await server.login("school.principal");
          const canteen = (await server.call("GET", `/api/v1/canteens/${server.demo.canteenId}`, { token: principal })).json;
          const area = canteen.areas.find((a: { kind: string }) => a.kind === "prep_room");
          const camera = canteen.cameras.find((c: { areaId: string }) => c.areaId === area.id);
          prep = { id: camera.id, name: camera.name };
          closed = canteen.cameras.filter((c: { id: string; publicVisible: boolean }) => !c.publicVisible && c.id !== camera.id).map((c: { id: string }) => c.id);
          expect((await server.call("PATCH", `/api/v1/cameras/${camera.id}`, { token: principal, body: { publicVisible: false } })).status).toBe(200);
          for (const n of ["two", "three"]) {
            const made = await server.call("POST", "/api/v1/users", { token: principal, body: { username: `parent.${n}`, displayName: `家长${n}`, password: DEMO_PASSWORD, orgId: canteen.orgId, role: "parent_rep" } });
            expect(made.status, made.text).toBe(201);
            users[`parent.${n}`] = made.json.id;
          }
          users["school.parent"] = (await server.call("GET", "/api/v1/auth/me", { token: await server.login("school.parent") })).json.id;
          for (const username of ["school.parent", "parent.two", "parent.three"]) {
            const seated = await server.call("POST", "/api/v1/committee", { token: principal, body: { orgId: canteen.orgId, userId: users[username], grade: "七年级", term: "2026—2027学年" } });
            expect(seated.status, seated.text).toBe(201);
          }
        },
      }),
    (stack) => stack.close(),
  );

  it("opens 备餐间 to the invited for the window only, with moderated Q&A, an opened microphone and an evaluation", async () => {
    const stack = env();
    const url = stack.server.url;
    // the principal schedules it in the page: now until half an hour from now (China time in the form)
    step("the principal schedules it in the page: now until half an hour from now (China time in the form)");
    const host = await stack.signIn("school.principal", { permissions: ["microphone"] });
    host.page.on("dialog", (d) => void d.accept());
    await host.page.goto(`${url}/viewing`);
    await host.page.click('[data-testid="viewing-schedule"] summary');
    const local = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
    await host.page.fill('[data-testid="viewing-title"]', "午餐备餐监督");
    await host.page.fill('[data-testid="viewing-starts"]', local(Date.now() - 60_000));
    await host.page.fill('[data-testid="viewing-ends"]', local(Date.now() + 30 * 60_000));
    await host.page.check(`[data-testid="viewing-camera"][data-name="${prep.name}"]`);
    await host.page.check('[data-testid="viewing-invitee"][data-username="school.parent"]');
    await host.page.check('[data-testid="viewing-invitee"][data-username="parent.two"]');
    await host.page.click('[data-testid="viewing-submit"]');
    const card = await host.page.waitForSelector('[data-testid="viewing-card"][data-state="open"]');
    const sessionId = (await card.getAttribute("data-id"))!;

    // an uninvited committee member neither sees nor joins it
    step("an uninvited committee member neither sees nor joins it");
    const outsider = await stack.signIn("parent.three");
    expect((await outsider.context.request.post(`${url}/api/v1/viewing-sessions/${sessionId}/token`)).status()).toBe(404);
    expect(((await (await outsider.context.request.get(`${url}/api/v1/viewing-sessions`)).json()) as { items: unknown[] }).items).toEqual([]);
    await outsider.context.close();

    // the first parent joins from the list and sees 备餐间 moving
    step("the first parent joins from the list and sees 备餐间 moving");
    const parent = await stack.signIn("school.parent", { permissions: ["microphone"] });
    await parent.page.goto(`${url}/viewing`);
    await parent.page.click(`[data-testid="viewing-card"][data-id="${sessionId}"] [data-testid="viewing-open"]`);
    await parent.page.waitForSelector('[data-testid="connection-state"][data-state="connected"]', { timeout: 30_000 });
    await waitForMovingTiles(parent.page, 1, 5, `[data-testid="camera-tile"][data-camera-id="${prep.id}"]`);
    // the parent freezes a frame of 备餐间 (enlarged, as in the live room) to attach to the evaluation later
    await parent.page.click(`[data-testid="camera-tile"][data-camera-id="${prep.id}"]`);
    await parent.page.click('[data-testid="freeze-frame"]');
    await parent.page.waitForSelector('[data-testid="viewing-frames-count"]');

    // the second parent, connected outside the browser, receives 备餐间 until the window is ended
    step("the second parent, connected outside the browser, receives 备餐间 until the window is ended");
    const token = (await (await (await stack.signIn("parent.two")).context.request.post(`${url}/api/v1/viewing-sessions/${sessionId}/token`)).json()) as { url: string; token: string };
    const room = new Room();
    const received = new Set<string>();
    const got = new Promise<RemoteTrack>((resolve) =>
      room.on(RoomEvent.TrackSubscribed, (track, pub) => {
        received.add(pub.name ?? "");
        if (pub.name === prep.id) resolve(track);
      }),
    );
    await room.connect(token.url, token.token, { autoSubscribe: true, dynacast: true });
    const track = await within(got, 30_000, "备餐间 subscribed by the second parent");
    // count the frames that arrive: they must keep coming during the window and stop when it is ended
    let frames = 0;
    const reader = new VideoStream(track).getReader();
    void (async () => {
      while (!(await reader.read()).done) frames++;
    })();
    await expect.poll(() => frames, { timeout: 15_000, interval: 100 }).toBeGreaterThan(5);
    // a camera neither public nor in the session is never granted, though the parent subscribes to everything it can
    expect(closed.length).toBeGreaterThan(0);
    expect([...received].filter((name) => closed.includes(name))).toEqual([]);

    // the host, in the canteen's live room, gets the question, the answer and the raised hand as pushes (topic
    // `viewing`): the parent's page in the room does not poll, so each of these proves the push
    step("the host enters the canteen's live room: the session's panel opens there");
    const hostRoom = await host.context.newPage();
    await hostRoom.goto(`${url}/live/${stack.canteenId}`);
    await hostRoom.waitForSelector('[data-testid="connection-state"][data-state="connected"]', { timeout: 30_000 });
    const panel = `[data-testid="viewing-host-panel"][data-session="${sessionId}"]`;
    await hostRoom.waitForSelector(panel);
    step("a question, pushed to the host, answered there and pushed back to the parent");
    await parent.page.fill('[data-testid="viewing-question"]', "留样冰箱的温度是多少？");
    await parent.page.click('[data-testid="viewing-ask"]');
    await hostRoom.waitForSelector(`${panel} [data-testid="viewing-question-row"][data-status="pending"]`, { timeout: 5_000 });
    await hostRoom.fill(`${panel} [data-testid="viewing-question-row"] [data-testid="viewing-answer-input"]`, "0 到 8 摄氏度，每天记录");
    await hostRoom.click(`${panel} [data-testid="viewing-question-row"] [data-testid="viewing-answer-submit"]`);
    expect(await (await parent.page.waitForSelector('[data-testid="viewing-answer"]', { timeout: 5_000 })).textContent()).toContain("0 到 8 摄氏度");

    // the parent raises a hand; the host sees it at once, opens the parent's microphone and hears the parent
    step("a raised hand pushed to the host, who opens the parent's microphone and hears it");
    await parent.page.click('[data-testid="viewing-hand"]');
    const row = `${panel} [data-testid="viewing-invitee-row"][data-user="${users["school.parent"]}"]`;
    await hostRoom.waitForSelector(`${row} [data-testid="viewing-hand-raised"]`, { timeout: 5_000 });
    await hostRoom.click(`${row} [data-testid="viewing-mic-toggle"]`);
    await parent.page.click('[data-testid="viewing-speak"]', { timeout: 5_000 });
    await parent.page.waitForSelector('[data-testid="viewing-speak"][aria-pressed="true"]');
    await expect.poll(() => audioBytesFrom(hostRoom, users["school.parent"]!), { timeout: 20_000, interval: 200 }).toBeGreaterThan(2000);
    await host.page.goto(`${url}/viewing/${sessionId}`);

    // the window is ended: the gateway withdraws 备餐间 from the parent still connected
    step("the window is ended: the gateway withdraws 备餐间 from the parent still connected");
    const before = frames;
    await host.page.click('[data-testid="viewing-end"]');
    await expect.poll(() => frames, { timeout: 10_000, interval: 100 }).toBeGreaterThan(before);
    // no frame for two seconds in a row: the track is withdrawn (polled; the SDK reports it as unsubscribed or silent)
    let last = -1;
    let quietSince = Date.now();
    await expect
      .poll(
        () => {
          if (frames !== last) [last, quietSince] = [frames, Date.now()];
          return Date.now() - quietSince;
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBeGreaterThan(2000);
    await room.disconnect();
    await parent.page.waitForSelector('[data-testid="viewing-state"][data-state="over"]');

    // the parent evaluates; the regulator reads the record
    step("the parent evaluates; the regulator reads the record");
    for (const aspect of ["hygiene", "operations", "food"]) await parent.page.click(`[data-testid="eval-${aspect}-4"]`);
    await parent.page.fill('[data-testid="eval-problems"]', "备餐间一名员工未戴口罩");
    await parent.page.click('[data-testid="eval-frame"]');
    await parent.page.click('[data-testid="eval-submit"]');
    await parent.page.waitForSelector('[data-testid="viewing-evaluation"]', { state: "detached" });
    const regulator = await stack.signIn("echeng.inspector");
    await regulator.page.goto(`${url}/viewing/${sessionId}`);
    const record = await regulator.page.waitForSelector('[data-testid="viewing-evaluation-row"]');
    expect(await record.textContent()).toContain("备餐间一名员工未戴口罩");
    // the frame the parent froze, with the evaluation, decoded in the regulator's browser
    await regulator.page.waitForFunction(() => (document.querySelector('[data-testid="viewing-evaluation-frame"] img') as HTMLImageElement | null)?.naturalWidth! > 0);
    expect(await regulator.page.textContent('[data-testid="viewing-qa"]')).toContain("0 到 8 摄氏度");
    await regulator.page.waitForFunction((id) => !!document.querySelector(`[data-testid="viewing-invitee-row"][data-user="${id}"]`)?.textContent?.includes("进入"), users["school.parent"]);

    for (const u of [host, parent, regulator]) expect(u.problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
    await Promise.all([host, parent, regulator].map((u) => u.context.close()));
  }, 180_000);

  it("shows anyone on a phone, not signed in, the public cameras moving during the school's hours, and not 备餐间", async () => {
    const stack = env();
    const url = stack.server.url;
    const token = await stack.server.login("school.principal");
    expect((await stack.server.call("PUT", `/api/v1/canteens/${stack.canteenId}/disclosure`, { token, body: { liveFrom: "00:00", liveTo: "23:59" } })).status).toBe(200);
    const slug = (await stack.server.call("GET", `/api/v1/canteens/${stack.canteenId}`, { token })).json.publicSlug as string;
    const context = await stack.browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));
    await page.goto(`${url}/p/${slug}`);
    await page.waitForSelector('[data-testid="public-live"][data-open="true"]');
    const fcp = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? -1);
    const clickedAt = await page.evaluate(() => performance.now());
    await page.click('[data-testid="public-watch"]');
    await page.waitForSelector('[data-testid="connection-state"][data-state="connected"]', { timeout: 30_000 }).catch(async (e) => {
      await page.screenshot({ path: "test-results/viewing-session/debug-public-live.png", fullPage: true });
      throw e;
    });
    await waitForMovingTiles(page, 1, 3, '[data-testid="camera-tile"]', 45_000).catch(async (e) => {
      await page.screenshot({ path: "test-results/viewing-session/debug-public-live.png", fullPage: true });
      throw e;
    });
    const firstFrame = (await page.evaluate(() => performance.now())) - clickedAt;
    console.log(`[public bench] phone viewport: first contentful paint ${Math.round(fcp)} ms; watch → a public camera moving ${Math.round(firstFrame)} ms`);
    expect(await page.$(`[data-testid="camera-tile"][data-camera-id="${prep.id}"]`)).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("tells a phone viewer past the viewer cap so, in words, instead of a broken player", async () => {
    const stack = env();
    const url = stack.server.url;
    const token = await stack.server.login("school.principal");
    expect((await stack.server.call("PUT", `/api/v1/canteens/${stack.canteenId}/disclosure`, { token, body: { liveFrom: "00:00", liveTo: "23:59", viewerCap: 1 } })).status).toBe(200);
    const slug = (await stack.server.call("GET", `/api/v1/canteens/${stack.canteenId}`, { token })).json.publicSlug as string;
    // one anonymous viewer in the room fills the cap
    const first = (await stack.server.call("POST", `/api/v1/public/canteens/${slug}/live-token`)).json as { url: string; token: string };
    const viewer = new Room();
    await viewer.connect(first.url, first.token, { autoSubscribe: false, dynacast: true });
    const context = await stack.browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));
    await page.goto(`${url}/p/${slug}`);
    await page.click('[data-testid="public-watch"]');
    expect(await (await page.waitForSelector('[data-testid="public-live-full"]', { timeout: 15_000 })).textContent()).toContain("观看人数已满");
    expect(await page.$('[data-testid="camera-tile"]')).toBeNull();
    if (process.env.PUBLIC_SHOTS_DIR) await page.screenshot({ path: `${process.env.PUBLIC_SHOTS_DIR}/public-live-full-phone.png`, fullPage: true });
    await viewer.disconnect();
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
