import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CanteenDetail, Inspection } from "../../client/types.ts";
import { mockApi, ok } from "./support/api.ts";
import { inspector, principal, school } from "./support/fixtures.ts";
import { GRANTS, lastFake } from "./support/live.ts";
import { CANTEEN_ID, canteenDetail, inspection } from "./support/liveFixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

vi.mock("../../client/live/controller.ts", async () => (await import("./support/live.ts")).fakeControllerModule);

/** The demo canteen whose gateway went silent at 09:00: every camera's last report is older. */
function offline(): CanteenDetail {
  const d = canteenDetail();
  return {
    ...d,
    gateway: { state: "offline", lastSeenAt: "2026-09-01T09:00:00.000+08:00" },
    cameras: d.cameras.map((c, i) => ({ ...c, lastSeenAt: i === 0 ? null : "2026-09-01T08:59:40.000+08:00" })),
  };
}

function api(detail: CanteenDetail, active: Inspection | null = null) {
  return mockApi({
    "GET /canteens/:id": () => ok(detail),
    "GET /inspections": () => ok({ items: active ? [active] : [], nextCursor: null }),
    "POST /inspections": (req) => ({ status: 201, body: inspection({ kind: req.body.kind }) }),
    "GET /orders": () => ok({ items: [], nextCursor: null }),
    "GET /snapshots": () => ok({ items: [], nextCursor: null }),
    "GET /legal-bases": () => ok({ items: [] }),
  });
}

async function open(me = inspector()) {
  renderApp(`/live/${CANTEEN_ID}`, me);
  await screen.findByTestId("inspection-panel", {}, { timeout: 10_000 });
  const live = lastFake();
  live.setState("connected");
  return live;
}

const tile = (id: string) => document.querySelector<HTMLElement>(`[data-testid="camera-tile"][data-camera-id="${id}"]`)!;

describe("offline looks offline (issue 11 item 10)", () => {
  useCleanSlate();

  it("shows the gateway offline since its last report, no camera online, and each camera offline with its last-seen time", async () => {
    api(offline());
    await open();
    const status = await screen.findByTestId("device-status");
    expect(status.dataset.gateway).toBe("offline");
    expect(status).toHaveTextContent("网关离线");
    expect(screen.getByTestId("gateway-last-seen")).toHaveTextContent("最后上报");
    expect(screen.getByTestId("cameras-online")).toHaveTextContent("摄像头在线 0 / 6");
    // the cameras' last reports said "online": with the gateway silent they are offline, since they were last seen
    const cooking = within(tile("cam_cooking001"));
    expect(cooking.getByTestId("camera-status")).toHaveTextContent("离线");
    expect(cooking.getByTestId("tile-since")).toHaveTextContent("最后在线");
    expect(within(tile("cam_washing001")).getByTestId("tile-since")).toHaveTextContent("从未上线");
  });

  it("warns before an inspection starts with no camera online, and starts only when confirmed", async () => {
    const mock = api(offline());
    await open();
    fireEvent.click(await screen.findByTestId("inspection-start"));
    expect(await screen.findByTestId("inspection-no-camera")).toHaveTextContent("当前没有在线的摄像头");
    expect(mock.calls("POST", "/inspections")).toHaveLength(0);
    fireEvent.click(screen.getByTestId("inspection-start-cancel"));
    expect(screen.queryByTestId("inspection-no-camera")).toBeNull();
    fireEvent.click(screen.getByTestId("inspection-start"));
    fireEvent.click(await screen.findByTestId("inspection-start-anyway"));
    await waitFor(() => expect(mock.calls("POST", "/inspections")).toHaveLength(1));
  });

  it("with the gateway online and cameras streaming: green, counted, and no warning before starting", async () => {
    const mock = api(canteenDetail());
    const live = await open();
    live.setPublished(["cam_cooking001", "cam_prep000001"]);
    await waitFor(() => expect(screen.getByTestId("device-status").dataset.gateway).toBe("online"));
    expect(screen.getByTestId("cameras-online")).toHaveTextContent("摄像头在线 5 / 6");
    fireEvent.click(await screen.findByTestId("inspection-start"));
    await waitFor(() => expect(mock.calls("POST", "/inspections")).toHaveLength(1));
    expect(screen.queryByTestId("inspection-no-camera")).toBeNull();
  });

  it("the schools list shows an offline school as offline, without the red 实时查看 pill", async () => {
    const down = school("鄂城区第三中学", { id: "org_school000003", onlineCameraCount: 0 });
    const up = school("鄂城区第一中学", { id: "org_school000001", onlineCameraCount: 7 });
    mockApi({ "GET /schools": () => ok({ items: [down, up], nextCursor: null }), "GET /regions": () => ok({ items: [] }) });
    renderApp("/schools", inspector());
    await waitFor(() => expect(screen.getAllByTestId("school-row")).toHaveLength(2));
    const row = (id: string) => screen.getAllByTestId("school-row").find((r) => r.dataset.schoolId === id);
    const [downRow, upRow] = [row(down.id), row(up.id)];
    expect(within(downRow!).getByTestId("school-offline")).toHaveTextContent("离线");
    expect(within(downRow!).getByTestId("live-link").dataset.quiet).toBe("true");
    expect(within(upRow!).queryByTestId("school-offline")).toBeNull();
    expect(within(upRow!).getByTestId("live-link").dataset.quiet).toBeUndefined();
  });
});

describe("the principal's phone (issue 11 item 11)", () => {
  useCleanSlate();
  afterEach(() => vi.unstubAllGlobals());

  it("the active inspection is a banner at the top, kept in view, asking to turn the microphone on", async () => {
    api(canteenDetail(), inspection());
    const live = await open(principal());
    live.setGrants(GRANTS.principal);
    const banner = await screen.findByTestId("inspection-banner");
    expect(banner.closest(".live-sticky")).not.toBeNull();
    expect(banner).toHaveTextContent("检查进行中");
    expect(within(banner).getByTestId("inspection-mic-prompt")).toHaveTextContent("请打开麦克风");
    fireEvent.click(within(banner).getByTestId("inspection-mic-on"));
    await waitFor(() => expect(live.micCalls).toEqual([true]));
    await waitFor(() => expect(screen.queryByTestId("inspection-mic-prompt")).toBeNull());
  });

  it("no 按住空格键说话 hint on a touch screen; the hint stays for a mouse and keyboard", async () => {
    vi.stubGlobal("matchMedia", (query: string) => ({ matches: query === "(pointer: coarse)", media: query, addEventListener() {}, removeEventListener() {} }));
    api(canteenDetail());
    const live = await open(principal());
    live.setGrants(GRANTS.principal);
    await screen.findByTestId("mic-controls");
    expect(screen.queryByTestId("mic-hint")).toBeNull();
    expect(screen.getByTestId("mic-controls")).not.toHaveTextContent("空格");
  });

  it("keeps the space-bar hint where the pointer is fine", async () => {
    vi.stubGlobal("matchMedia", (query: string) => ({ matches: false, media: query, addEventListener() {}, removeEventListener() {} }));
    api(canteenDetail());
    const live = await open(principal());
    live.setGrants(GRANTS.principal);
    expect(await screen.findByTestId("mic-hint")).toHaveTextContent("空格");
  });

  it("the order form opens as a dialog over the page (not in the side column), and Esc closes it", async () => {
    api(canteenDetail(), inspection());
    await open(inspector());
    fireEvent.click(await screen.findByTestId("order-issue"));
    const form = await screen.findByTestId("issue-order-form");
    expect(form).toHaveAttribute("role", "dialog");
    expect(form).toHaveAttribute("aria-modal", "true");
    expect(form.closest(".live-side")).toBeNull();
    expect(form.closest(".modal-backdrop")?.parentElement?.parentElement).toBe(document.body);
    fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("issue-order-form")).toBeNull());
  });
});
