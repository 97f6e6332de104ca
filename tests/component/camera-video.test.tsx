/** The camera's codec, the H.265 warning and 视频诊断's reference approval on the canteen page (issue 17). */
import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { Camera, CanteenDetail } from "../../client/types.ts";
import { mockApi, ok } from "./support/api.ts";
import { director } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

const CANTEEN_ID = "cnt_demo000001";
const camera = (id: string, name: string, codec: string | null): Camera => ({
  id, canteenId: CANTEEN_ID, areaId: "ar_cooking0001", gatewayId: "gw_demo0000001", name, source: "rtsp://cam/1", ptz: false, publicVisible: false, status: "online", lastSeenAt: null,
  video: codec ? { codec, width: 1920, height: 1080 } : null,
  reference: { approvedAt: null, pending: false },
});
const detail = (): CanteenDetail => ({
  id: CANTEEN_ID, gateway: { state: "online", lastSeenAt: null }, orgId: "org_school000001", orgName: "鄂城区第一中学", name: "鄂城区第一中学食堂",
  licenseNo: null, grade: null, publicSlug: "abcdefghij", areaCount: 1, cameraCount: 2,
  areas: [{ id: "ar_cooking0001", canteenId: CANTEEN_ID, kind: "cooking", name: "烹饪区" }],
  cameras: [camera("cam_h2650000001", "烹饪区-H265", "hevc"), camera("cam_h2640000001", "烹饪区-H264", "h264")],
});

describe("camera video facts", () => {
  useCleanSlate();

  it("shows each camera's codec, warns on H.265 only, and approves the current picture as the reference", async () => {
    let approved = 0;
    mockApi({
      "GET /canteens/:id": () => ok(detail()),
      "GET /gateways": () => ok({ items: [] }),
      "POST /cameras/:id/reference": () => {
        approved++;
        return ok({ ...camera("cam_h2650000001", "烹饪区-H265", "hevc"), reference: { approvedAt: null, pending: true } });
      },
    });
    renderApp(`/canteens/${CANTEEN_ID}`, director());
    await waitFor(() => expect(screen.getAllByTestId("camera-item")).toHaveLength(2));
    const [hevc, h264] = ["cam_h2650000001", "cam_h2640000001"].map((id) => screen.getAllByTestId("camera-item").find((el) => el.dataset.cameraId === id)!);
    expect(within(hevc!).getByTestId("camera-codec").textContent).toContain("H.265 1920×1080");
    expect(within(hevc!).getByTestId("camera-hevc-warning").textContent).toContain("H.265 摄像头");
    expect(within(h264!).getByTestId("camera-codec").textContent).toContain("H.264");
    expect(within(h264!).queryByTestId("camera-hevc-warning")).toBeNull();
    expect(within(hevc!).getByTestId("camera-reference").textContent).toContain("未设基准画面");
    fireEvent.click(within(hevc!).getByTestId("camera-reference-approve"));
    await waitFor(() => expect(within(hevc!).getByTestId("camera-reference").textContent).toContain("正在采集基准画面"));
    expect(approved).toBe(1);
  });
});
