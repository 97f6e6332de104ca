/**
 * 数字变焦 in the live room (issue 17): drag over the enlarged camera → the region in fractions of the picture (the
 * letterbox bars left out) goes to the API; the crop the gateway sends back (`zoom.done` on the bus) opens over the
 * picture with its source pixel size and can be kept as evidence; a failure says why; zh-CN and English.
 */
import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { setLang } from "../../client/i18n/index.ts";
import { mockApi, ok } from "./support/api.ts";
import { inspector } from "./support/fixtures.ts";
import { lastFake } from "./support/live.ts";
import { CANTEEN_ID, canteenDetail } from "./support/liveFixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

vi.mock("../../client/live/controller.ts", async () => (await import("./support/live.ts")).fakeControllerModule);

const CAM = "cam_cooking001";
const ZOOM = "zoom_abcdef123";
const zoomView = (status: "pending" | "ready" | "failed", error: string | null = null) => ({
  id: ZOOM,
  canteenId: CANTEEN_ID,
  cameraId: CAM,
  requestedBy: inspector().id,
  requestedAt: "2026-12-05T10:00:00+08:00",
  status,
  source: { width: 2560, height: 1440 },
  crop: { x: 640, y: 360, width: 480, height: 270 },
  error,
  doneAt: null,
  imageUrl: status === "ready" ? `/api/v1/zooms/${ZOOM}/image` : null,
  sha256: null,
  bytes: null,
});

function api() {
  return mockApi({
    "GET /canteens/:id": () => ok(canteenDetail()),
    "GET /inspections": () => ok({ items: [], nextCursor: null }),
    "GET /orders": () => ok({ items: [], nextCursor: null }),
    "GET /snapshots": () => ok({ items: [], nextCursor: null }),
    "GET /legal-bases": () => ok({ items: [] }),
    "POST /cameras/:id/zoom": () => ({ status: 202, body: zoomView("pending") }),
    "POST /zooms/:id/snapshot": () => ({ status: 201, body: { id: "snp_zoomed0001", canteenId: CANTEEN_ID, cameraId: CAM, cameraName: "烹饪区-1", inspectionId: null, takenBy: { id: inspector().id, displayName: "张敏" }, takenAt: "2026-12-05T10:00:01+08:00", sha256: "0".repeat(64), contentType: "image/jpeg", bytes: 1000, width: 480, height: 270, imageUrl: "/api/v1/snapshots/snp_zoomed0001/image", annotationCount: 0 } }),
  });
}

/** Enlarges the camera, gives its <video> a 1280x720 picture letterboxed in a 1000x1000 box, and drags from a to b. */
async function dragOnCamera(a: [number, number], b: [number, number]) {
  const tile = (await screen.findAllByTestId("camera-tile", {}, { timeout: 10_000 })).find((t) => t.dataset.cameraId === CAM)!;
  fireEvent.click(tile);
  const video = tile.querySelector("video")!;
  Object.defineProperty(video, "videoWidth", { value: 1280 });
  Object.defineProperty(video, "videoHeight", { value: 720 });
  video.getBoundingClientRect = () => ({ left: 0, top: 0, width: 1000, height: 1000, right: 1000, bottom: 1000, x: 0, y: 0, toJSON: () => ({}) });
  fireEvent.click(await screen.findByTestId("zoom-start"));
  const draw = await screen.findByTestId("zoom-draw");
  fireEvent.pointerDown(draw, { clientX: a[0], clientY: a[1], pointerId: 1 });
  fireEvent.pointerMove(draw, { clientX: b[0], clientY: b[1], pointerId: 1 });
  fireEvent.pointerUp(draw, { clientX: b[0], clientY: b[1], pointerId: 1 });
}

describe("digital zoom in the live room (issue 17)", () => {
  useCleanSlate();

  it("sends the dragged region of the picture, shows the crop at its source size and keeps it as evidence (zh-CN)", async () => {
    const calls = api();
    renderApp(`/live/${CANTEEN_ID}`, inspector());
    // the picture is 1000x562.5 in the middle of the box (bars above and below): drag from its quarter to its middle
    await dragOnCamera([750, 500], [250, 359.375]);
    await waitFor(() => expect(calls.requests.find((r) => r.path.endsWith("/zoom"))?.body).toEqual({ x: 0.25, y: 0.25, w: 0.5, h: 0.25 }));
    expect(await screen.findByTestId("zoom-pending")).toHaveTextContent("正在从原始画面截取");
    // a participant cannot forge the answer; the server's is shown
    lastFake().emit("zoom", { type: "zoom.done", zoom: zoomView("ready") }, "usr_someone001");
    expect(screen.queryByTestId("zoom-panel")).toBeNull();
    lastFake().emit("zoom", { type: "zoom.done", zoom: zoomView("ready") });
    const panel = await screen.findByTestId("zoom-panel", {}, { timeout: 10_000 });
    expect(screen.getByTestId("zoom-size")).toHaveTextContent("原始分辨率 480×270 · 取自原始画面 2560×1440");
    expect(screen.getByTestId("zoom-image")).toHaveAttribute("src", `/api/v1/zooms/${ZOOM}/image`);
    expect(panel).toHaveTextContent("放大画面：烹饪区-1");
    fireEvent.click(screen.getByTestId("zoom-save"));
    expect(await screen.findByTestId("zoom-saved")).toHaveTextContent("已保存为证据");
    expect(calls.requests.some((r) => r.path.endsWith(`/zooms/${ZOOM}/snapshot`))).toBe(true);
  }, 20_000);

  it("ignores a tap too small to be a region, and says why a zoom failed (English)", async () => {
    setLang("en");
    const calls = api();
    renderApp(`/live/${CANTEEN_ID}`, inspector());
    await dragOnCamera([500, 500], [502, 501]);
    expect(calls.requests.some((r) => r.path.endsWith("/zoom"))).toBe(false);
    expect(screen.getByTestId("zoom-draw")).toHaveTextContent("Drag over the part of the picture to enlarge");
    const draw = screen.getByTestId("zoom-draw");
    fireEvent.pointerDown(draw, { clientX: 100, clientY: 300, pointerId: 1 });
    fireEvent.pointerUp(draw, { clientX: 400, clientY: 600, pointerId: 1 });
    await waitFor(() => expect(calls.requests.filter((r) => r.path.endsWith("/zoom")).map((r) => r.body)).toEqual([{ x: 0.1, y: 0.144444, w: 0.3, h: 0.533333 }]));
    await screen.findByTestId("zoom-pending");
    lastFake().emit("zoom", { type: "zoom.done", zoom: zoomView("failed", "烹饪区-1: no picture from the camera within 15 s") });
    expect(await screen.findByTestId("zoom-failed")).toHaveTextContent("Digital zoom failed: 烹饪区-1: no picture from the camera within 15 s");
  }, 20_000);
});
