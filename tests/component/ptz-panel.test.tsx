import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { mockApi, ok } from "./support/api.ts";
import { inspector, principal } from "./support/fixtures.ts";
import { lastFake } from "./support/live.ts";
import { CANTEEN_ID, canteenDetail } from "./support/liveFixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

vi.mock("../../client/live/controller.ts", async () => (await import("./support/live.ts")).fakeControllerModule);

const CAM = "cam_cooking001";

function api(holder: { userId: string; name: string; rank: "school" | "regulator" } | null) {
  const detail = canteenDetail();
  detail.cameras = detail.cameras.map((c) => (c.id === CAM ? { ...c, ptz: true } : c));
  return mockApi({
    "GET /canteens/:id": () => ok(detail),
    "GET /inspections": () => ok({ items: [], nextCursor: null }),
    "GET /orders": () => ok({ items: [], nextCursor: null }),
    "GET /snapshots": () => ok({ items: [], nextCursor: null }),
    "GET /legal-bases": () => ok({ items: [] }),
    "GET /cameras/:id/ptz": () => ok({ cameraId: CAM, holder, expiresAt: null, presets: [{ token: "preset-1", name: "灶台" }] }),
    "POST /cameras/:id/ptz/control": () => ok({ cameraId: CAM, holder: { userId: inspector().id, name: "鄂城区巡查员 张敏", rank: "regulator" }, expiresAt: null, presets: [] }),
    "POST /cameras/:id/ptz/commands": () => ({ status: 202, body: { id: "ptz_cmd0000001", cameraId: CAM } }),
  });
}

describe("PTZ panel in the live room (issue 17)", () => {
  useCleanSlate();

  it("shows the holder, lets the inspector take over, and moves while a direction is held", async () => {
    const calls = api({ userId: principal().id, name: "鄂城区第一中学校长 陈明", rank: "school" });
    renderApp(`/live/${CANTEEN_ID}`, inspector());
    const holder = await screen.findByTestId("ptz-holder", {}, { timeout: 10_000 });
    await waitFor(() => expect(holder).toHaveTextContent("控制人：鄂城区第一中学校长 陈明"));
    expect(screen.getByTestId("ptz-right")).toBeDisabled();
    fireEvent.click(screen.getByTestId("ptz-take"));
    await waitFor(() => expect(holder).toHaveTextContent("您正在控制"), { timeout: 10_000 });
    fireEvent.pointerDown(screen.getByTestId("ptz-right"));
    fireEvent.pointerUp(screen.getByTestId("ptz-right"));
    await waitFor(() => expect(calls.requests.filter((r) => r.path.endsWith("/ptz/commands")).map((r) => r.body)).toEqual([{ action: "move", pan: 0.5, tilt: 0, zoom: 0 }, { action: "stop" }]));
  }, 20_000);

  it("follows control changing hands on the bus and shows why the holder's command failed; ignores what a participant forges", async () => {
    const calls = api(null);
    renderApp(`/live/${CANTEEN_ID}`, inspector());
    const holder = await screen.findByTestId("ptz-holder", {}, { timeout: 10_000 });
    await waitFor(() => expect(holder).toHaveTextContent("当前无人控制"));
    const live = lastFake();
    live.emit("ptz", { type: "ptz.control", cameraId: CAM, holder: { userId: "usr_principal0", name: "校长", rank: "school" }, expiresAt: null }, "usr_principal0");
    expect(holder).toHaveTextContent("当前无人控制");
    live.emit("ptz", { type: "ptz.control", cameraId: CAM, holder: { userId: inspector().id, name: "张敏", rank: "regulator" }, expiresAt: null });
    await waitFor(() => expect(holder).toHaveTextContent("您正在控制"), { timeout: 10_000 });
    fireEvent.pointerDown(screen.getByTestId("ptz-left"));
    await waitFor(() => expect(calls.requests.some((r) => r.path.endsWith("/ptz/commands"))).toBe(true));
    // the outcome may arrive on the bus before the POST has answered: shown either way
    live.emit("ptz", { type: "ptz.result", id: "ptz_cmd0000001", cameraId: CAM, ok: false, error: "烹饪区-1: camera unreachable (ECONNREFUSED)", presets: null });
    await waitFor(() => expect(screen.getByTestId("ptz-failed")).toHaveTextContent("云台指令未执行：烹饪区-1: camera unreachable"), { timeout: 10_000 });
  }, 20_000);
});
