import { cleanup, fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { mockApi, ok } from "./support/api.ts";
import { inspector, parent, principal } from "./support/fixtures.ts";
import { fakes, GRANTS, lastFake } from "./support/live.ts";
import { importLivePage } from "../../client/pages/live/preload.ts";
import { CANTEEN_ID, canteenDetail, publicDetail } from "./support/liveFixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";
import { PARK_MS } from "../../client/live/roomKeeper.ts";
import { resetSession } from "../../client/stores/session.ts";

vi.mock("../../client/live/controller.ts", async () => (await import("./support/live.ts")).fakeControllerModule);

const TOKEN = { url: "ws://127.0.0.1:7880", token: "eyJ.test.token", room: `canteen:${CANTEEN_ID}`, identity: "usr_inspector01", expiresAt: "2099-01-01T00:00:00.000+08:00", grants: GRANTS.inspector, activeInspection: null };

const routes = (detail = canteenDetail()) => ({
  "GET /canteens/:id": () => ok(detail),
  "POST /live/token": () => ok(TOKEN),
  "GET /inspections": () => ok({ items: [], nextCursor: null }),
});

async function openLive(me = inspector(), detail = canteenDetail()) {
  const api = mockApi(routes(detail));
  renderApp(`/live/${CANTEEN_ID}`, me);
  // the first test of the file also imports the live page's code (the LiveKit SDK) on the way: ~1 s on a busy machine
  await screen.findByTestId("live-page", undefined, { timeout: 5000 });
  await waitFor(() => expect(screen.getAllByTestId("camera-tile")).toHaveLength(detail.cameras.length));
  const live = lastFake();
  return { api, live };
}

const tile = (cameraId: string) => document.querySelector<HTMLElement>(`[data-testid="camera-tile"][data-camera-id="${cameraId}"]`)!;

describe("live page", () => {
  useCleanSlate();

  it("shows every camera as a tile labelled by its area and camera name, in area order", async () => {
    const { live } = await openLive();
    expect(live.options.canteenId).toBe(CANTEEN_ID);
    expect(live.connectCalls).toBe(1);
    const tiles = screen.getAllByTestId("camera-tile");
    expect(tiles.map((t) => within(t).getByTestId("tile-area").textContent)).toEqual(["食品库房", "粗加工制作区", "烹饪区", "烹饪区", "备餐间", "餐用具洗消区"]);
    expect(within(tile("cam_cooking002")).getByTestId("tile-label")).toHaveTextContent("烹饪区-2");
    // every tile has its own muted inline <video>, registered with the room once
    for (const t of tiles) {
      const video = t.querySelector("video")!;
      expect(video.muted).toBe(true);
      expect(video.hasAttribute("playsinline")).toBe(true);
    }
    expect([...live.registrations.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await screen.findByTestId("live-title")).toHaveTextContent("鄂城区第一中学食堂");
  });

  it("says why a tile has no picture: not streaming (with the camera's status), signal lost, loading", async () => {
    const { live } = await openLive();
    live.setState("connected");
    live.setPublished(["cam_cooking001", "cam_cooking002", "cam_prep000001"]);
    live.setFeed("cam_cooking001", "live");
    live.setFeed("cam_cooking002", "muted");
    await waitFor(() => expect(tile("cam_cooking001").dataset.state).toBe("live"));
    expect(tile("cam_storage001").dataset.state).toBe("absent");
    expect(within(tile("cam_storage001")).getByTestId("tile-placeholder")).toHaveTextContent("暂无画面");
    expect(within(tile("cam_storage001")).getByTestId("camera-status")).toHaveTextContent("离线");
    expect(within(tile("cam_cooking002")).getByTestId("tile-placeholder")).toHaveTextContent("信号中断");
    expect(within(tile("cam_prep000001")).getByTestId("tile-placeholder")).toHaveTextContent("画面加载中");
    // live, but no frame yet: still the placeholder; the first frame removes it
    expect(within(tile("cam_cooking001")).getByTestId("tile-placeholder")).toBeInTheDocument();
    fireEvent(tile("cam_cooking001").querySelector("video")!, new Event("loadeddata"));
    expect(within(tile("cam_cooking001")).queryByTestId("tile-placeholder")).toBeNull();
  });

  it("a click enlarges one tile (the others stay, small); a second click or Escape shrinks it; nothing re-subscribes", async () => {
    const { live } = await openLive();
    const video = tile("cam_prep000001").querySelector("video");
    fireEvent.click(tile("cam_prep000001"));
    expect(tile("cam_prep000001").dataset.focused).toBe("true");
    expect(tile("cam_prep000001")).toHaveClass("focused");
    expect(screen.getByTestId("camera-grid")).toHaveClass("has-focus");
    expect(screen.getAllByTestId("camera-tile").filter((t) => t.dataset.focused === "true")).toHaveLength(1);
    expect(screen.getAllByTestId("camera-tile")).toHaveLength(6);

    fireEvent.click(tile("cam_storage001"));
    expect(tile("cam_storage001").dataset.focused).toBe("true");
    expect(tile("cam_prep000001").dataset.focused).toBe("false");
    fireEvent.keyDown(tile("cam_storage001"), { key: "Escape" });
    expect(screen.getAllByTestId("camera-tile").every((t) => t.dataset.focused === "false")).toBe(true);
    fireEvent.keyDown(tile("cam_prep000001"), { key: "Enter" });
    expect(tile("cam_prep000001").dataset.focused).toBe("true");
    fireEvent.click(tile("cam_prep000001"));
    expect(tile("cam_prep000001").dataset.focused).toBe("false");

    // the same <video>, registered once: enlarging never re-subscribes
    expect(tile("cam_prep000001").querySelector("video")).toBe(video);
    expect(live.registrations.get("cam_prep000001")).toBe(1);
    // a track list that changes does not recreate the tiles either
    live.setPublished(["cam_prep000001", "cam_cooking001"]);
    await waitFor(() => expect(tile("cam_prep000001").dataset.state).toBe("loading"));
    expect(tile("cam_prep000001").querySelector("video")).toBe(video);
    expect(live.registrations.get("cam_prep000001")).toBe(1);
  });

  it("has no microphone controls for a parent, whose token cannot publish", async () => {
    const { live } = await openLive(parent(), publicDetail());
    live.setGrants(GRANTS.parent);
    live.setState("connected");
    await waitFor(() => expect(screen.getByTestId("connection-state").dataset.state).toBe("connected"));
    expect(screen.queryByTestId("mic-controls")).toBeNull();
    expect(screen.queryByTestId("mic-toggle")).toBeNull();
    expect(screen.queryByTestId("ptt")).toBeNull();
  });

  it("a parent sees only the cameras shared with them: no tile, no subscription for the others", async () => {
    const { live } = await openLive(parent(), publicDetail());
    live.setGrants(GRANTS.parent);
    live.setState("connected");
    live.setPublished(canteenDetail().cameras.map((c) => c.id));
    await waitFor(() => expect(live.publishedCameras()).toHaveLength(6));
    const tiles = screen.getAllByTestId("camera-tile");
    expect(tiles.map((t) => t.dataset.cameraId).sort()).toEqual(publicDetail().cameras.map((c) => c.id).sort());
    expect(screen.queryByText("不可查看")).toBeNull();
    expect(screen.getByTestId("camera-grid")).not.toHaveTextContent("库房");
    expect(live.registrations.has("cam_storage001")).toBe(false);
    expect(live.registrations.has("cam_rough00001")).toBe(false);
  });

  it("gives the microphone toggle and push-to-talk (button and space bar) to those who may talk", async () => {
    const { live } = await openLive(principal());
    live.setGrants(GRANTS.principal);
    live.setState("connected");
    const toggle = await screen.findByTestId("mic-toggle");
    expect(toggle).toHaveTextContent("打开麦克风");
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute("aria-pressed", "true"));
    expect(toggle).toHaveTextContent("关闭麦克风");
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute("aria-pressed", "false"));

    const ptt = screen.getByTestId("ptt");
    fireEvent.pointerDown(ptt, { pointerId: 1 });
    expect(ptt).toHaveAttribute("aria-pressed", "true");
    expect(ptt).toHaveTextContent("正在讲话");
    fireEvent.pointerUp(ptt, { pointerId: 1 });
    expect(ptt).toHaveAttribute("aria-pressed", "false");

    fireEvent.keyDown(document.body, { code: "Space", key: " " });
    expect(ptt).toHaveAttribute("aria-pressed", "true");
    fireEvent.keyDown(document.body, { code: "Space", key: " ", repeat: true });
    fireEvent.keyUp(document.body, { code: "Space", key: " " });
    expect(ptt).toHaveAttribute("aria-pressed", "false");
    // typing a space in a text field is just typing
    const note = document.createElement("input");
    document.body.appendChild(note);
    fireEvent.keyDown(note, { code: "Space", key: " " });
    expect(ptt).toHaveAttribute("aria-pressed", "false");
    note.remove();
    expect(live.micCalls).toEqual([true, false, true, false, true, false]);
  });

  it("shows the connection state (连接中 / 已连接 / 重连中 / 已断开), the network quality, and people with their roles", async () => {
    const { live } = await openLive();
    const banner = screen.getByTestId("connection-state");
    expect(banner).toHaveTextContent("连接中");
    live.setState("connected");
    await waitFor(() => expect(banner).toHaveTextContent("已连接"));
    expect(screen.getByTestId("connection-quality")).toHaveTextContent("优");
    live.setState("reconnecting");
    await waitFor(() => expect(banner).toHaveTextContent("重连中"));
    expect(screen.queryByTestId("connection-quality")).toBeNull();
    live.setStopReason("duplicate");
    live.setState("disconnected");
    await waitFor(() => expect(banner).toHaveTextContent("已断开"));
    expect(banner).toHaveTextContent("其他窗口");
    // no countdown (it does not try again by itself); coming back here is the user's choice
    expect(screen.queryByTestId("retry-countdown")).toBeNull();
    expect(screen.getByTestId("reconnect-now")).toHaveTextContent("改在此窗口观看");

    live.setParticipants([
      { identity: "usr_me", name: "鄂城区巡查员 张敏", role: "inspector", orgName: "鄂城区市场监督管理局", isLocal: true, speaking: false, micOn: false, quality: "good" },
      { identity: "usr_principal", name: "校长 陈明", role: "principal", orgName: "鄂城区第一中学", isLocal: false, speaking: true, micOn: true, quality: "good" },
      { identity: "gw_demo", name: "边缘网关", role: "gateway", orgName: "", isLocal: false, speaking: false, micOn: false, quality: "good" },
    ]);
    const people = await screen.findAllByTestId("participant");
    expect(people.map((p) => within(p).getByTestId("participant-role").textContent)).toEqual(["监管巡查员", "校长", "视频网关"]);
    expect(people[0]).toHaveTextContent("我");
    expect(people[1]!.dataset.speaking).toBe("true");
    expect(within(screen.getByTestId("participant-list")).getByText("在线人员（3）")).toBeInTheDocument();
  });

  it("asks for the room token on the way to the page (beside the SDK download), and hands that one to the room", async () => {
    const pageThere: boolean[] = [];
    const api = mockApi({ ...routes(), "POST /live/token": () => (pageThere.push(!!document.querySelector('[data-testid="live-page"]')), ok(TOKEN)) });
    renderApp(`/live/${CANTEEN_ID}`, inspector());
    await screen.findByTestId("live-page");
    const live = lastFake();
    await waitFor(() => expect(live.connectToken).toEqual(TOKEN));
    // asked before the page (and its SDK) had even loaded
    expect(pageThere).toEqual([false]);
    // one request: the one made by the router, taken by the room's connect
    expect(api.calls("POST", "/live/token").map((c) => c.body)).toEqual([{ canteenId: CANTEEN_ID }]);
    // later ones (renewal, reconnection) are fresh
    expect(await live.options.fetchToken()).toEqual(TOKEN);
    expect(api.calls("POST", "/live/token")).toHaveLength(2);
  });

  it("keeps the room open (parked) when the page is left, and the same room shows when the viewer comes back", async () => {
    const { live } = await openLive();
    fireEvent.click(screen.getByText(/返回食堂/));
    await waitFor(() => expect(live.parked).toBe(true));
    expect(live.closed).toBe(false);
    fireEvent.click(await screen.findByTestId("live-link"));
    await screen.findByTestId("live-page");
    await waitFor(() => expect(live.parked).toBe(false));
    // no second room, no second connection: the kept one resumed
    expect(lastFake()).toBe(live);
    expect(live.resumes).toBe(1);
    expect(live.connectCalls).toBe(1);
  });

  it("closes a parked room after the wait", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { live } = await openLive();
      fireEvent.click(screen.getByText(/返回食堂/));
      await waitFor(() => expect(live.parked).toBe(true));
      vi.advanceTimersByTime(PARK_MS - 1);
      expect(live.closed).toBe(false);
      vi.advanceTimersByTime(1);
      expect(live.closed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("closes a parked room at once on signing out", async () => {
    const { live } = await openLive();
    fireEvent.click(screen.getByText(/返回食堂/));
    await waitFor(() => expect(live.parked).toBe(true));
    resetSession(null);
    expect(live.closed).toBe(true);
  });
});

describe("links to the live page", () => {
  useCleanSlate();

  it("the canteen page links to /live/<canteen>", async () => {
    mockApi({ "GET /canteens/:id": () => ok(canteenDetail()) });
    renderApp(`/canteens/${CANTEEN_ID}`, inspector());
    const link = await screen.findByTestId("live-link");
    expect(link).toHaveAttribute("href", `/live/${CANTEEN_ID}`);
    expect(link).toHaveTextContent("实时查看");
  });

  it("the canteen page asks for the room token as soon as it shows a camera online (a phone has no hover); a canteen with none asks nothing", async () => {
    const offline = canteenDetail();
    offline.cameras = offline.cameras.map((c) => ({ ...c, status: "offline" as const }));
    const quiet = mockApi({ "GET /canteens/:id": () => ok(offline), "POST /live/token": () => ok(TOKEN) });
    renderApp(`/canteens/${CANTEEN_ID}`, inspector());
    await screen.findByTestId("live-link");
    expect(quiet.calls("POST", "/live/token")).toEqual([]);
    cleanup();
    const api = mockApi({ "GET /canteens/:id": () => ok(canteenDetail()), "POST /live/token": () => ok(TOKEN) });
    renderApp(`/canteens/${CANTEEN_ID}`, inspector());
    await screen.findByTestId("live-link");
    await waitFor(() => expect(api.calls("POST", "/live/token").map((c) => c.body)).toEqual([{ canteenId: CANTEEN_ID }]));
  });

  it("a click on 实时查看 enters the room before the live page is drawn, and the page takes that room over: one room, one connection", async () => {
    await importLivePage(); // the canteen page fetches it when shown; here it is surely loaded
    const api = mockApi({ ...routes(), "POST /live/token": () => ok(TOKEN) });
    renderApp(`/canteens/${CANTEEN_ID}`, inspector());
    const before = fakes.length;
    fireEvent.click(await screen.findByTestId("live-link"));
    await screen.findByTestId("live-page");
    const live = lastFake();
    await waitFor(() => expect(live.connectToken).toEqual(TOKEN));
    expect(live.adopted).toBe(1);
    expect(live.connectCalls).toBe(1);
    expect(fakes.length).toBe(before + 1);
    // (at most one token request: the canteen page's own, or one a test before it left fresh)
    expect(api.calls("POST", "/live/token").length).toBeLessThanOrEqual(1);
  });

  it("a school's row goes through /live/org/<school>, which opens its only canteen", async () => {
    const canteen = canteenDetail();
    mockApi({
      "GET /schools": () => ok({ items: [{ id: canteen.orgId, name: canteen.orgName, regionCode: "420704", regionName: "鄂城区", canteenCount: 1, cameraCount: 6, onlineCameraCount: 6 }], nextCursor: null, total: 1 }),
      "GET /regions": () => ok({ items: [] }),
      "GET /canteens": () => ok({ items: [canteen], nextCursor: null }),
      ...routes(),
    });
    const { location } = renderApp("/schools", inspector());
    const link = await screen.findByTestId("live-link");
    expect(link).toHaveAttribute("href", `/live/org/${canteen.orgId}`);
    fireEvent.click(link);
    await waitFor(() => expect(location()).toBe(`/live/${CANTEEN_ID}`));
    await screen.findByTestId("live-page");
  });
});
