import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { CanteenDetail, Gateway } from "../../client/types.ts";
import { mockApi, ok } from "./support/api.ts";
import { director, parent } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

const CANTEEN_ID = "cnt_demo000001";
const TOKEN = "mcgw_S3cretTokenShownOnce0123456789";

function detail(withSources: boolean): CanteenDetail {
  return {
    id: CANTEEN_ID,
    gateway: { state: "online", lastSeenAt: "2026-09-01T09:00:00.000+08:00" },
    orgId: "org_school000001",
    orgName: "鄂城区第一中学",
    name: "鄂城区第一中学食堂",
    licenseNo: "JY14207040000001",
    grade: "A",
    publicSlug: "abcdefghij",
    areaCount: 2,
    cameraCount: 2,
    areas: [
      { id: "ar_storage0001", canteenId: CANTEEN_ID, kind: "storage", name: "食品库房" },
      { id: "ar_cooking0001", canteenId: CANTEEN_ID, kind: "cooking", name: "烹饪区" },
    ],
    cameras: [
      { id: "cam_one0000001", canteenId: CANTEEN_ID, areaId: "ar_storage0001", gatewayId: null, name: "库房-1", source: withSources ? "rtsp://cam/1" : null, ptz: false, publicVisible: false, status: "offline", lastSeenAt: null },
      { id: "cam_two0000001", canteenId: CANTEEN_ID, areaId: "ar_cooking0001", gatewayId: null, name: "烹饪区-1", source: withSources ? "test:烹饪区-1" : null, ptz: true, publicVisible: true, status: "online", lastSeenAt: "2026-09-01T08:00:00.000+08:00" },
    ],
  };
}

const gateway = (id: string, name: string, revokedAt: string | null = null): Gateway => ({
  id,
  canteenId: CANTEEN_ID,
  name,
  tokenHint: "mcgw_S3cr",
  revokedAt,
  lastSeenAt: null,
  createdAt: "2026-09-01T08:00:00.000+08:00",
});

describe("canteen page", () => {
  useCleanSlate();

  it("shows a new gateway's device token once, with a warning, and never again", async () => {
    const gateways: Gateway[] = [gateway("gw_existing0001", "老网关")];
    const api = mockApi({
      [`GET /canteens/:id`]: () => ok(detail(true)),
      "GET /gateways": () => ok({ items: gateways }),
      "POST /gateways": (req) => {
        const created = gateway("gw_new00000001", req.body.name);
        gateways.push(created);
        return { status: 201, body: { gateway: created, deviceToken: TOKEN } };
      },
    });
    const { container } = renderApp(`/canteens/${CANTEEN_ID}`, director());
    await screen.findByTestId("gateways-panel");
    await waitFor(() => expect(screen.getAllByTestId("gateway-item")).toHaveLength(1));
    expect(screen.queryByTestId("gateway-token")).toBeNull();

    fireEvent.input(screen.getByTestId("gateway-name"), { target: { value: "后厨网关" } });
    fireEvent.submit(screen.getByTestId("gateway-form"));

    const token = await screen.findByTestId("gateway-token");
    expect(token).toHaveTextContent(TOKEN);
    expect(screen.getByTestId("gateway-token-box")).toHaveTextContent("此令牌只显示这一次");
    expect(screen.getByTestId("copy-button")).toBeInTheDocument();
    expect(api.calls("POST", "/gateways")[0]!.body).toEqual({ canteenId: CANTEEN_ID, name: "后厨网关" });
    await waitFor(() => expect(screen.getAllByTestId("gateway-item")).toHaveLength(2));
    // the list itself only ever shows the hint
    for (const item of screen.getAllByTestId("gateway-item")) expect(item).not.toHaveTextContent(TOKEN);

    fireEvent.click(screen.getByTestId("gateway-token-dismiss"));

    expect(screen.queryByTestId("gateway-token")).toBeNull();
    expect(container.textContent).not.toContain(TOKEN);
    expect(screen.getAllByTestId("gateway-item")).toHaveLength(2);
  });

  it("revokes a gateway only after the second, confirming click", async () => {
    const gateways: Gateway[] = [gateway("gw_existing0001", "老网关")];
    const api = mockApi({
      [`GET /canteens/:id`]: () => ok(detail(true)),
      "GET /gateways": () => ok({ items: gateways }),
      "POST /gateways/:id/revoke": (req) => {
        gateways[0] = gateway(req.params.id!, "老网关", "2026-09-02T08:00:00.000+08:00");
        return ok(gateways[0]);
      },
    });
    renderApp(`/canteens/${CANTEEN_ID}`, director());

    fireEvent.click(await screen.findByTestId("gateway-revoke"));
    expect(api.calls("POST", "/gateways/gw_existing0001/revoke")).toHaveLength(0);
    fireEvent.click(screen.getByTestId("gateway-revoke-confirm"));

    await waitFor(() => expect(screen.getByTestId("gateway-item")).toHaveAttribute("data-revoked", "true"));
    expect(api.calls("POST", "/gateways/gw_existing0001/revoke")).toHaveLength(1);
    expect(screen.getByTestId("gateway-item")).toHaveTextContent("已吊销");
  });

  it("lists areas with their cameras and translated status badges", async () => {
    mockApi({ [`GET /canteens/:id`]: () => ok(detail(true)), "GET /gateways": () => ok({ items: [] }) });
    renderApp(`/canteens/${CANTEEN_ID}`, director());

    const areas = await screen.findAllByTestId("area-item");
    expect(areas.map((a) => a.dataset.areaKind)).toEqual(["storage", "cooking"]);
    const cooking = within(areas[1]!).getByTestId("camera-item");
    expect(within(cooking).getByTestId("camera-status")).toHaveTextContent("在线");
    expect(within(cooking).getByText("家长可见")).toBeInTheDocument();
    expect(within(areas[0]!).getByTestId("camera-status")).toHaveTextContent("离线");
    expect(screen.getByTestId("canteen-name")).toHaveTextContent("鄂城区第一中学食堂");
  });

  it("adds a camera with its area, source and flags", async () => {
    const api = mockApi({
      [`GET /canteens/:id`]: () => ok(detail(true)),
      "GET /gateways": () => ok({ items: [] }),
      "POST /cameras": (req) => ({ status: 201, body: { id: "cam_new0000001", canteenId: CANTEEN_ID, gatewayId: null, status: "unknown", lastSeenAt: null, ...req.body } }),
    });
    renderApp(`/canteens/${CANTEEN_ID}`, director());
    const form = await screen.findByTestId("camera-form");

    fireEvent.change(within(form).getByTestId("camera-area"), { target: { value: "ar_cooking0001" } });
    fireEvent.input(within(form).getByTestId("camera-name-input"), { target: { value: "烹饪区-2" } });
    fireEvent.input(within(form).getByTestId("camera-source"), { target: { value: "rtsp://10.0.0.8/stream" } });
    fireEvent.click(within(form).getByTestId("camera-public"));
    fireEvent.submit(form);

    await waitFor(() => expect(api.calls("POST", "/cameras")).toHaveLength(1));
    expect(api.calls("POST", "/cameras")[0]!.body).toEqual({ areaId: "ar_cooking0001", name: "烹饪区-2", source: "rtsp://10.0.0.8/stream", ptz: false, publicVisible: true });
    // the page re-reads the canteen after a change
    await waitFor(() => expect(api.calls("GET", `/canteens/${CANTEEN_ID}`)).toHaveLength(2));
  });

  it("gives a parent a view-only page: no forms, no gateway calls", async () => {
    const api = mockApi({ [`GET /canteens/:id`]: () => ok({ ...detail(false), cameras: detail(false).cameras.filter((c) => c.publicVisible) }) });
    renderApp(`/canteens/${CANTEEN_ID}`, parent());

    await screen.findAllByTestId("camera-item");
    expect(screen.getAllByTestId("camera-item")).toHaveLength(1);
    expect(screen.queryByTestId("gateways-panel")).toBeNull();
    expect(screen.queryByTestId("camera-form")).toBeNull();
    expect(screen.queryByTestId("area-form")).toBeNull();
    expect(api.calls("GET", "/gateways")).toHaveLength(0);
    expect(screen.getAllByTestId("area-item")[0]).toHaveTextContent("该区域暂无可查看的摄像头");
  });
});
