import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { CanteenDetail, Gateway } from "../../client/types.ts";
import { apiError, mockApi, ok } from "./support/api.ts";
import { director, meAs, parent } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

const CANTEEN_ID = "cnt_demo000001";
const PATH = `/canteens/${CANTEEN_ID}`;

function detail(overrides: Partial<CanteenDetail> = {}): CanteenDetail {
  return {
    id: CANTEEN_ID,
    gateway: { state: "online", lastSeenAt: "2026-09-01T09:00:00.000+08:00" },
    orgId: "org_school000001",
    orgName: "鄂城区第一中学",
    name: "鄂城区第一中学食堂",
    licenseNo: "JY14207040000001",
    grade: "B",
    publicSlug: "abcdefghij",
    areaCount: 2,
    cameraCount: 1,
    areas: [
      { id: "ar_storage0001", canteenId: CANTEEN_ID, kind: "storage", name: "食品库房" },
      { id: "ar_cooking0001", canteenId: CANTEEN_ID, kind: "cooking", name: "烹饪区" },
    ],
    cameras: [
      { id: "cam_one0000001", canteenId: CANTEEN_ID, areaId: "ar_storage0001", gatewayId: "gw_kitchen00001", name: "库房-1", source: "rtsp://10.0.0.7/1", ptz: false, publicVisible: true, status: "online", lastSeenAt: null },
    ],
    ...overrides,
  };
}

const gateway = (id: string, name: string, revokedAt: string | null = null): Gateway => ({
  id,
  canteenId: CANTEEN_ID,
  name,
  tokenHint: "mcgw_abcd",
  revokedAt,
  lastSeenAt: null,
  createdAt: "2026-09-01T08:00:00.000+08:00",
});
const GATEWAYS = [gateway("gw_kitchen00001", "后厨网关"), gateway("gw_spare000001", "备用网关"), gateway("gw_old00000001", "旧网关", "2026-09-02T08:00:00.000+08:00")];

/** A canteen API whose GET answers what the last PATCH left. */
function canteenApi(extra: Record<string, Parameters<typeof mockApi>[0][string]> = {}) {
  let current = detail();
  return mockApi({
    "GET /canteens/:id": () => ok(current),
    "GET /gateways": () => ok({ items: GATEWAYS }),
    "PATCH /canteens/:id": (req) => {
      current = { ...current, ...req.body };
      const { areas: _a, cameras: _c, ...canteen } = current;
      return ok(canteen);
    },
    "PATCH /areas/:id": (req) => {
      current = { ...current, areas: current.areas.map((a) => (a.id === req.params.id ? { ...a, ...req.body } : a)) };
      return ok(current.areas.find((a) => a.id === req.params.id));
    },
    "PATCH /cameras/:id": (req) => {
      current = { ...current, cameras: current.cameras.map((c) => (c.id === req.params.id ? { ...c, ...req.body } : c)) };
      return ok(current.cameras.find((c) => c.id === req.params.id));
    },
    ...extra,
  });
}

describe("canteen editing (canteens.manage)", () => {
  useCleanSlate();

  it("edits name, licence and grade, sending only what changed", async () => {
    const api = canteenApi();
    renderApp(PATH, director());
    fireEvent.click(await screen.findByTestId("canteen-edit"));
    const form = screen.getByTestId("canteen-edit-form");
    expect((within(form).getByTestId("canteen-edit-license") as HTMLInputElement).value).toBe("JY14207040000001");

    fireEvent.input(within(form).getByTestId("canteen-edit-name"), { target: { value: " 鄂城区第一中学学生食堂 " } });
    fireEvent.input(within(form).getByTestId("canteen-edit-license"), { target: { value: "jy14207040000099" } });
    fireEvent.change(within(form).getByTestId("canteen-edit-grade"), { target: { value: "" } });
    fireEvent.submit(form);

    await waitFor(() => expect(screen.getByTestId("canteen-name")).toHaveTextContent("鄂城区第一中学学生食堂"));
    expect(api.calls("PATCH", PATH)[0]!.body).toEqual({ name: "鄂城区第一中学学生食堂", licenseNo: "JY14207040000099", grade: null });
    expect(api.calls("GET", PATH)).toHaveLength(2);
    expect(screen.queryByTestId("canteen-edit-form")).toBeNull();
    expect(screen.getByTestId("canteen-license")).toHaveTextContent("JY14207040000099");
    expect(screen.queryByTestId("canteen-grade")).toBeNull();

    // clearing the licence sends null; an unchanged name is not sent
    fireEvent.click(screen.getByTestId("canteen-edit"));
    fireEvent.input(screen.getByTestId("canteen-edit-license"), { target: { value: "" } });
    fireEvent.change(screen.getByTestId("canteen-edit-grade"), { target: { value: "A" } });
    fireEvent.submit(screen.getByTestId("canteen-edit-form"));
    await waitFor(() => expect(api.calls("PATCH", PATH)).toHaveLength(2));
    expect(api.calls("PATCH", PATH)[1]!.body).toEqual({ licenseNo: null, grade: "A" });
  });

  it("refuses a malformed licence number before sending, and shows the server's own refusal with its details", async () => {
    const api = canteenApi({
      "PATCH /canteens/:id": () => apiError(400, "validation_failed", "请求内容不符合要求", [{ path: "name", message: "字符串长度不能超过 100" }]),
    });
    renderApp(PATH, director());
    fireEvent.click(await screen.findByTestId("canteen-edit"));
    const form = screen.getByTestId("canteen-edit-form");

    fireEvent.input(within(form).getByTestId("canteen-edit-license"), { target: { value: "JY1420704" } });
    fireEvent.submit(form);
    const local = await within(form).findByTestId("error-banner");
    expect(local).toHaveTextContent("请检查填写的内容");
    expect(local).toHaveTextContent("食品经营许可证号: 须为 JY 加 14 位数字");
    expect(api.calls("PATCH", PATH)).toHaveLength(0);

    fireEvent.input(within(form).getByTestId("canteen-edit-license"), { target: { value: "JY14207040000001" } });
    fireEvent.input(within(form).getByTestId("canteen-edit-name"), { target: { value: "新名字" } });
    fireEvent.submit(form);
    await waitFor(() => expect(within(form).getByTestId("error-banner")).toHaveTextContent("请求内容不符合要求"));
    expect(within(within(form).getByTestId("error-banner")).getByRole("listitem")).toHaveTextContent("name: 字符串长度不能超过 100");
    expect(api.calls("PATCH", PATH)[0]!.body).toEqual({ name: "新名字" });
    expect(screen.getByTestId("canteen-edit-form")).toBeInTheDocument();
    expect(screen.getByTestId("canteen-name")).toHaveTextContent("鄂城区第一中学食堂");
  });

  it("renames an area", async () => {
    const api = canteenApi();
    renderApp(PATH, director());
    const cooking = (await screen.findAllByTestId("area-item"))[1]!;

    fireEvent.click(within(cooking).getByTestId("area-edit"));
    fireEvent.input(within(cooking).getByTestId("area-name-input"), { target: { value: "热菜烹饪区" } });
    fireEvent.submit(within(cooking).getByTestId("area-name-form"));

    await waitFor(() => expect(screen.getAllByTestId("area-name-text")[1]).toHaveTextContent("热菜烹饪区"));
    expect(api.calls("PATCH", "/areas/ar_cooking0001")[0]!.body).toEqual({ name: "热菜烹饪区" });
    expect(screen.queryByTestId("area-name-form")).toBeNull();
  });

  it("edits a camera: source, area, 家长可见 and gateway (none), only those fields", async () => {
    const api = canteenApi();
    renderApp(PATH, director());
    await waitFor(() => expect(api.calls("GET", "/gateways")).toHaveLength(1));
    fireEvent.click(await screen.findByTestId("camera-edit"));
    const form = screen.getByTestId("camera-edit-form");
    const gatewaySelect = within(form).getByTestId("camera-gateway") as HTMLSelectElement;
    // active gateways only (the revoked one is not the camera's)
    expect(Array.from(gatewaySelect.options).map((o) => o.value)).toEqual(["", "gw_kitchen00001", "gw_spare000001"]);
    expect(gatewaySelect.value).toBe("gw_kitchen00001");
    expect((within(form).getByTestId("camera-public") as HTMLInputElement).checked).toBe(true);

    fireEvent.input(within(form).getByTestId("camera-source"), { target: { value: " rtsp://10.0.0.9/main " } });
    fireEvent.change(within(form).getByTestId("camera-area"), { target: { value: "ar_cooking0001" } });
    fireEvent.click(within(form).getByTestId("camera-public"));
    fireEvent.change(gatewaySelect, { target: { value: "" } });
    fireEvent.submit(form);

    await waitFor(() => expect(api.calls("PATCH", "/cameras/cam_one0000001")).toHaveLength(1));
    expect(api.calls("PATCH", "/cameras/cam_one0000001")[0]!.body).toEqual({ source: "rtsp://10.0.0.9/main", areaId: "ar_cooking0001", publicVisible: false, gatewayId: null });
    // re-read: the camera now sits in 烹饪区, without the 家长可见 tag
    await waitFor(() => expect(within(screen.getAllByTestId("area-item")[1]!).queryByTestId("camera-item")).not.toBeNull());
    const moved = within(screen.getAllByTestId("area-item")[1]!).getByTestId("camera-item");
    expect(moved).not.toHaveTextContent("家长可见");
    expect(moved).toHaveTextContent("rtsp://10.0.0.9/main");
  });

  it("checks a camera's source like the server, and shows the server's error", async () => {
    const api = canteenApi({ "PATCH /cameras/:id": () => apiError(400, "validation_failed", "区域或网关不属于该食堂", [{ path: "gatewayId", message: "gateway of another canteen" }]) });
    renderApp(PATH, director());
    fireEvent.click(await screen.findByTestId("camera-edit"));
    const form = screen.getByTestId("camera-edit-form");

    fireEvent.input(within(form).getByTestId("camera-source"), { target: { value: "ftp://10.0.0.9/x" } });
    fireEvent.input(within(form).getByTestId("camera-name-input"), { target: { value: "   " } });
    fireEvent.submit(form);
    const local = await within(form).findByTestId("error-banner");
    expect(within(local).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["摄像头名称: 不能为空", "视频源地址: 须以 rtsp://、http(s)://、test: 或 / 开头"]);
    expect(api.calls("PATCH", "/cameras/cam_one0000001")).toHaveLength(0);

    fireEvent.input(within(form).getByTestId("camera-source"), { target: { value: "test:库房-1" } });
    fireEvent.input(within(form).getByTestId("camera-name-input"), { target: { value: "库房-1" } });
    fireEvent.submit(form);
    await waitFor(() => expect(within(form).getByTestId("error-banner")).toHaveTextContent("区域或网关不属于该食堂"));
    expect(within(form).getByTestId("error-banner")).toHaveTextContent("gatewayId: gateway of another canteen");
    expect(api.calls("PATCH", "/cameras/cam_one0000001")[0]!.body).toEqual({ source: "test:库房-1" });
  });

  it("offers no editing without canteens.manage", async () => {
    for (const who of [meAs("education_officer", "education"), parent(), meAs("canteen_staff", "school")]) {
      const api = mockApi({ "GET /canteens/:id": () => ok(detail({ cameras: detail().cameras.map((c) => ({ ...c, source: null })) })) });
      const view = renderApp(PATH, who);
      await screen.findAllByTestId("camera-item");
      expect(who.permissions).not.toContain("canteens.manage");
      expect(screen.queryByTestId("canteen-edit")).toBeNull();
      expect(screen.queryByTestId("area-edit")).toBeNull();
      expect(screen.queryByTestId("camera-edit")).toBeNull();
      expect(api.calls("GET", "/gateways")).toHaveLength(0);
      view.unmount();
    }
    // the same page for a manager does offer them
    canteenApi();
    renderApp(PATH, director());
    expect(await screen.findByTestId("canteen-edit")).toBeInTheDocument();
    expect(screen.getAllByTestId("area-edit")).toHaveLength(2);
  });
});
