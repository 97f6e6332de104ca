import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Annotation, OrderSummary, Snapshot } from "../../client/types.ts";
import { type Handler, mockApi, ok } from "./support/api.ts";
import { inspector, parent, principal } from "./support/fixtures.ts";
import { lastFake } from "./support/live.ts";
import { CANTEEN_ID, canteenDetail, inspection } from "./support/liveFixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

vi.mock("../../client/live/controller.ts", async () => (await import("./support/live.ts")).fakeControllerModule);

const SNAP_ID = "snp_frozen000001";
const PRINCIPAL_ID = "usr_principal01";
const snapshot = (): Snapshot => ({
  id: SNAP_ID,
  canteenId: CANTEEN_ID,
  cameraId: "cam_cooking001",
  cameraName: "烹饪区-1",
  inspectionId: "ins_active000001",
  takenBy: { id: "usr_inspector01", displayName: "鄂城区巡查员 张敏" },
  takenAt: "2026-09-01T09:40:00.000+08:00",
  sha256: "a".repeat(64),
  contentType: "image/jpeg",
  bytes: 1000,
  width: 1280,
  height: 720,
  imageUrl: `/api/v1/snapshots/${SNAP_ID}/image`,
  annotationCount: 0,
});
const annotation = (id: string, version: number, shape: Annotation["shape"], author = PRINCIPAL_ID): Annotation => ({
  id,
  snapshotId: SNAP_ID,
  author: { id: author, displayName: "校长 陈明" },
  colour: "#1e88e5",
  shape,
  version,
  clientId: null,
  createdAt: "2026-09-01T09:41:00.000+08:00",
});
const order = (status: OrderSummary["status"]): OrderSummary => ({
  id: "ord_demo00000001",
  number: "鄂城市监整〔2026〕0001号",
  status,
  overdue: false,
  escalated: false,
  canteenId: CANTEEN_ID,
  canteenName: "鄂城区第一中学食堂",
  schoolId: "org_school000001",
  schoolName: "鄂城区第一中学",
  inspectionId: "ins_active000001",
  complaintId: null,
  issuedBy: { id: "usr_inspector01", displayName: "鄂城区巡查员 张敏", orgId: "org_echeng000001", orgName: "鄂城区市场监督管理局" },
  issuedAt: "2026-09-01T09:50:00.000+08:00",
  deadline: "2026-09-08T17:00:00.000+08:00",
  itemCount: 1,
  updatedAt: status === "issued" ? "2026-09-01T09:50:00.000+08:00" : "2026-09-01T09:51:00.000+08:00",
});
const orderEvent = (type: "issued" | "acknowledged") => ({ id: `oev_${type}0000001`, type, at: "2026-09-01T09:50:00.000+08:00", actor: null });

function api(annotations: Annotation[] = [], more: Record<string, Handler> = {}) {
  return mockApi({
    ...more,
    "GET /canteens/:id": () => ok(canteenDetail()),
    "GET /inspections": () => ok({ items: [inspection()], nextCursor: null }),
    "GET /orders": () => ok({ items: [], nextCursor: null }),
    "GET /snapshots": () => ok({ items: [], nextCursor: null }),
    "DELETE /annotations/:id": (req) => ok({ snapshotId: SNAP_ID, annotationId: req.params.id, version: annotations.length + 2 }),
    "GET /snapshots/:id/annotations": () => ok({ snapshotId: SNAP_ID, version: annotations.length, items: annotations }),
    "POST /snapshots/:id/annotations": (req) => ({ status: 201, body: { annotation: { ...annotation("ann_mine00000001", annotations.length + 1, req.body.shape, "usr_inspector"), clientId: req.body.clientId }, version: annotations.length + 1 } }),
    "POST /orders/:id/acknowledge": () => ok({ ...order("acknowledged") }),
  });
}

async function openLive(me = inspector()) {
  renderApp(`/live/${CANTEEN_ID}`, me);
  await screen.findByTestId("inspection-panel", {}, { timeout: 8000 });
  const live = lastFake();
  live.setState("connected");
  live.setIdentity(me.id);
  return live;
}

describe("shared annotation layer", () => {
  useCleanSlate();
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    // jsdom lays nothing out: give the drawing surface a 1000×500 box at the origin
    vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockReturnValue({ left: 0, top: 0, width: 1000, height: 500, right: 1000, bottom: 500, x: 0, y: 0, toJSON: () => ({}) });
  });
  afterEach(() => vi.restoreAllMocks());

  it("opens the frame the server announces, loads its annotations, and applies committed ones in version order", async () => {
    const mock = api([annotation("ann_first0000001", 1, { kind: "rect", x: 0.1, y: 0.1, w: 0.2, h: 0.2 })]);
    const live = await openLive();
    live.emit("annot", { type: "snapshot.opened", snapshot: snapshot() });
    const viewer = await screen.findByTestId("snapshot-viewer");
    expect(viewer.dataset.snapshotId).toBe(SNAP_ID);
    await waitFor(() => expect(screen.getAllByTestId("annotation")).toHaveLength(1));
    expect(mock.calls("GET", `/snapshots/${SNAP_ID}/annotations`)).toHaveLength(1);

    live.emit("annot", { type: "annotation.committed", snapshotId: SNAP_ID, version: 2, annotation: annotation("ann_text00000001", 2, { kind: "text", at: [0.5, 0.5], text: "未戴口罩" }) });
    await waitFor(() => expect(screen.getByTestId("annotation-text")).toHaveTextContent("未戴口罩"));

    // a participant forging a commit, and garbage: dropped with a warning, nothing drawn
    live.emit("annot", { type: "annotation.committed", snapshotId: SNAP_ID, version: 3, annotation: annotation("ann_forged000001", 3, { kind: "rect", x: 0, y: 0, w: 0.1, h: 0.1 }) }, PRINCIPAL_ID);
    live.emit("annot", "{not json", PRINCIPAL_ID);
    live.emit("annot", { type: "stroke.progress", snapshotId: SNAP_ID, clientId: "c1", from: 0, points: [[Infinity, 0.1]] }, PRINCIPAL_ID);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(screen.getAllByTestId("annotation")).toHaveLength(2);

    // a version gap (a missed broadcast) reloads the state from the API
    live.emit("annot", { type: "annotation.committed", snapshotId: SNAP_ID, version: 5, annotation: annotation("ann_later0000001", 5, { kind: "rect", x: 0, y: 0, w: 0.1, h: 0.1 }) });
    await waitFor(() => expect(mock.calls("GET", `/snapshots/${SNAP_ID}/annotations`)).toHaveLength(2));
  });

  it("after a reconnection the state is read again from the API (broadcasts may have been missed)", async () => {
    const mock = api();
    const live = await openLive();
    live.emit("annot", { type: "snapshot.opened", snapshot: snapshot() });
    await screen.findByTestId("snapshot-viewer");
    await waitFor(() => expect(mock.calls("GET", `/snapshots/${SNAP_ID}/annotations`)).toHaveLength(1));
    live.setState("reconnecting");
    live.setState("disconnected");
    live.setState("connected");
    await waitFor(() => expect(mock.calls("GET", `/snapshots/${SNAP_ID}/annotations`)).toHaveLength(2));
  });

  it("a parent, who only watches, neither opens frozen frames nor may freeze one", async () => {
    const mock = api();
    const live = await openLive(parent());
    live.emit("annot", { type: "snapshot.opened", snapshot: snapshot() });
    await Promise.resolve();
    expect(screen.queryByTestId("snapshot-viewer")).toBeNull();
    expect(screen.queryByTestId("freeze-frame")).toBeNull();
    expect(mock.calls("GET", `/snapshots/${SNAP_ID}/annotations`)).toHaveLength(0);
  });

  it("a late joiner opens the newest frame of the inspection from the API", async () => {
    const late = mockApi({
      "GET /canteens/:id": () => ok(canteenDetail()),
      "GET /inspections": () => ok({ items: [inspection()], nextCursor: null }),
      "GET /orders": () => ok({ items: [], nextCursor: null }),
      "GET /snapshots": () => ok({ items: [snapshot()], nextCursor: null }),
      "GET /snapshots/:id/annotations": () => ok({ snapshotId: SNAP_ID, version: 1, items: [annotation("ann_first0000001", 1, { kind: "arrow", from: [0.1, 0.1], to: [0.5, 0.5] })] }),
    });
    await openLive(principal());
    const viewer = await screen.findByTestId("snapshot-viewer");
    expect(viewer.dataset.snapshotId).toBe(SNAP_ID);
    await waitFor(() => expect(screen.getAllByTestId("annotation")).toHaveLength(1));
    expect(late.calls("GET", "/snapshots")[0]!.url.searchParams.get("inspectionId")).toBe("ins_active000001");
  });

  it("keeps a cursor's name tag inside the image: near the right or bottom edge it opens towards the middle", async () => {
    api();
    const live = await openLive();
    live.setParticipants([{ identity: PRINCIPAL_ID, name: "鄂城区第一中学校长 陈明", role: "principal", orgName: "", isLocal: false, speaking: false, micOn: false, quality: "good" }]);
    live.emit("annot", { type: "snapshot.opened", snapshot: snapshot() });
    await screen.findByTestId("snapshot-viewer");
    live.emit("cursor", { type: "cursor", snapshotId: SNAP_ID, at: [0.97, 0.95] }, PRINCIPAL_ID);
    const cursor = await screen.findByTestId("live-cursor");
    expect(cursor).toHaveClass("tag-left", "tag-up");
    live.emit("cursor", { type: "cursor", snapshotId: SNAP_ID, at: [0.2, 0.3] }, PRINCIPAL_ID);
    await waitFor(() => expect(screen.getByTestId("live-cursor")).not.toHaveClass("tag-left"));
    expect(screen.getByTestId("live-cursor")).not.toHaveClass("tag-up");
  });

  it("draws the others' strokes and cursors as they arrive, and forgets a drawing once it is committed", async () => {
    api();
    const live = await openLive();
    live.setParticipants([{ identity: PRINCIPAL_ID, name: "校长 陈明", role: "principal", orgName: "", isLocal: false, speaking: false, micOn: false, quality: "good" }]);
    live.emit("annot", { type: "snapshot.opened", snapshot: snapshot() });
    await screen.findByTestId("snapshot-viewer");
    live.emit("annot", { type: "stroke.progress", snapshotId: SNAP_ID, clientId: "c1", from: 0, points: [[0.1, 0.1], [0.2, 0.2]] }, PRINCIPAL_ID);
    live.emit("annot", { type: "stroke.progress", snapshotId: SNAP_ID, clientId: "c1", from: 1, points: [[0.2, 0.2], [0.3, 0.3]] }, PRINCIPAL_ID);
    live.emit("cursor", { type: "cursor", snapshotId: SNAP_ID, at: [0.3, 0.3] }, PRINCIPAL_ID);
    const drawing = await screen.findByTestId("live-drawing");
    expect(drawing.dataset.points).toBe("3");
    expect(drawing.dataset.author).toBe(PRINCIPAL_ID);
    expect(await screen.findByTestId("live-cursor")).toHaveTextContent("校长 陈明");
    live.emit("annot", { type: "annotation.committed", snapshotId: SNAP_ID, version: 1, annotation: { ...annotation("ann_stroke000001", 1, { kind: "stroke", points: [[0.1, 0.1], [0.3, 0.3]] }), clientId: "c1" } });
    await waitFor(() => expect(screen.queryByTestId("live-drawing")).toBeNull());
    expect(screen.getAllByTestId("annotation")).toHaveLength(1);
    // a batch the unordered lossy channel delivers after the commit leaves no ghost behind
    live.emit("annot", { type: "stroke.progress", snapshotId: SNAP_ID, clientId: "c1", from: 3, points: [[0.4, 0.4]] }, PRINCIPAL_ID);
    await Promise.resolve();
    expect(screen.queryByTestId("live-drawing")).toBeNull();
  });

  it("a rectangle drawn with the pointer streams lossy previews, then is committed through the API", async () => {
    const mock = api();
    const live = await openLive();
    live.emit("annot", { type: "snapshot.opened", snapshot: snapshot() });
    await screen.findByTestId("snapshot-viewer");
    fireEvent.click(screen.getByTestId("tool-rect"));
    const layer = screen.getByTestId("annotation-layer");
    fireEvent.pointerDown(layer, { clientX: 100, clientY: 100, pointerId: 1, button: 0 });
    fireEvent.pointerMove(layer, { clientX: 300, clientY: 200, pointerId: 1 });
    await waitFor(() => expect(live.sent.some((s) => (s.message as { type: string }).type === "shape.preview")).toBe(true));
    fireEvent.pointerUp(layer, { clientX: 400, clientY: 300, pointerId: 1 });
    await waitFor(() => expect(mock.calls("POST", `/snapshots/${SNAP_ID}/annotations`)).toHaveLength(1));
    expect(mock.calls("POST", `/snapshots/${SNAP_ID}/annotations`)[0]!.body.shape).toEqual({ kind: "rect", x: 0.1, y: 0.2, w: 0.3, h: 0.4 });
    expect(live.sent.every((s) => !s.reliable)).toBe(true);
    await waitFor(() => expect(screen.getAllByTestId("annotation")).toHaveLength(1));
    // undo takes back this viewer's own newest shape
    fireEvent.click(screen.getByTestId("annot-undo"));
    await waitFor(() => expect(screen.queryAllByTestId("annotation")).toHaveLength(0));
    expect(mock.calls("DELETE", "/annotations/ann_mine00000001")).toHaveLength(1);
    expect(screen.getByTestId("annot-undo")).toBeDisabled();
  });

  it("opening a frame says 'no cursor' at once (the data path opens before the first stroke); 给所有人看 asks the server to announce it", async () => {
    const mock = api([], { "POST /snapshots/:id/show": () => ok(snapshot()) });
    const live = await openLive();
    live.emit("annot", { type: "snapshot.opened", snapshot: snapshot() });
    await screen.findByTestId("snapshot-viewer");
    await waitFor(() => expect(live.sent.map((s) => s.message)).toContainEqual({ type: "cursor", snapshotId: SNAP_ID, at: null }));
    fireEvent.click(screen.getByTestId("snapshot-show-all"));
    await waitFor(() => expect(mock.calls("POST", `/snapshots/${SNAP_ID}/show`)).toHaveLength(1));
  });
});

describe("orders in the call", () => {
  useCleanSlate();
  afterEach(() => vi.restoreAllMocks());

  it("the principal sees an order the moment the server announces it and acknowledges it", async () => {
    const mock = api();
    const live = await openLive(principal());
    live.emit("order", { type: "order.issued", order: order("issued"), event: orderEvent("issued") });
    const banner = await screen.findByTestId("order-banner");
    expect(banner).toHaveTextContent("鄂城市监整〔2026〕0001号");
    fireEvent.click(screen.getByTestId("order-acknowledge"));
    await waitFor(() => expect(screen.queryByTestId("order-banner")).toBeNull());
    expect(mock.calls("POST", "/orders/ord_demo00000001/acknowledge")).toHaveLength(1);
  });

  it("the inspector sees the acknowledgement at once", async () => {
    api();
    const live = await openLive(inspector());
    live.emit("order", { type: "order.issued", order: order("issued"), event: orderEvent("issued") });
    const row = await screen.findByTestId("call-order");
    expect(row.dataset.status).toBe("issued");
    live.emit("order", { type: "order.transitioned", order: order("acknowledged"), event: orderEvent("acknowledged") });
    await waitFor(() => expect(screen.getByTestId("call-order").dataset.status).toBe("acknowledged"));
    expect(screen.getByTestId("call-order")).toHaveTextContent("整改中");
  });
});
