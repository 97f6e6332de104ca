import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { MemoryRouter, createMemoryHistory } from "@solidjs/router";
import { describe, expect, it, vi } from "vitest";
import { AlertPanel } from "../../client/pages/alerts/AlertPanel.tsx";
import { parseAlertMessage } from "../../client/pages/alerts/alertMessages.ts";
import { createAlertList, matches } from "../../client/pages/alerts/alertList.ts";
import { createRoot } from "solid-js";
import { resetSession } from "../../client/stores/session.ts";
import type { Alert, AlertDetail, Me } from "../../client/types.ts";
import { mockApi, ok } from "./support/api.ts";
import { alert, inspector, principal } from "./support/fixtures.ts";
import { useCleanSlate } from "./support/render.tsx";

const ALERT: Alert = alert();
const detail = (a: Partial<Alert> = {}): AlertDetail => ({ ...ALERT, ...a, events: [{ id: "ae_component01", action: "raised", actor: null, at: ALERT.occurredAt, note: null, hasPhoto: false }], recentOccurrences: [] });

function renderPanel(me: Me, alert: Alert) {
  resetSession(me);
  const history = createMemoryHistory();
  const changed = vi.fn();
  render(() => <MemoryRouter history={history} root={() => <AlertPanel alert={alert} onChanged={changed} onClose={() => {}} />} />);
  return changed;
}

describe("alert panel", () => {
  useCleanSlate();

  it("shows the snapshot with its boxes, the live link, the FP rate, and a principal's first step", async () => {
    const api = mockApi({ "GET /clips": () => ok({ items: [] }), 
      "GET /alerts/:id": () => ok(detail()),
      "POST /alerts/:id/acknowledge": () => ok(detail({ status: "acknowledged" })),
    });
    const changed = renderPanel(principal(), ALERT);
    await screen.findByTestId("alert-acknowledge");
    expect(screen.getAllByTestId("alert-box")).toHaveLength(1);
    expect(screen.getByTestId("alert-live-link").getAttribute("href")).toBe("/live/cnt_component01?camera=cam_component01");
    expect(screen.getByTestId("alert-fp-rate")).toHaveTextContent("60%");
    expect(screen.getByTestId("alert-fp-rate")).toHaveTextContent("已自动提高");
    expect(screen.queryByTestId("alert-verify")).toBeNull();
    fireEvent.click(screen.getByTestId("alert-acknowledge"));
    await waitFor(() => expect(changed).toHaveBeenCalledWith(expect.objectContaining({ status: "acknowledged" })));
    expect(api.requests.some((r) => r.method === "POST" && r.path === "/alerts/alr_component01/acknowledge")).toBe(true);
  });

  it("shows a ledger's alert with its entry and a link to the day's ledger, without a camera's snapshot or live link", async () => {
    const fromLedger: Alert = { ...ALERT, type: "pesticide_positive", cameraId: null, cameraName: null, ledgerEntryId: "led_component01", hasSnapshot: false, boxes: [] };
    const api = mockApi({
      "GET /alerts/:id": () => ok({ ...detail(fromLedger), type: "pesticide_positive" }),
      "GET /ledgers/entries/:id": () => ok({ id: "led_component01", entryKey: "led_component01", version: 1, supersedesId: null, supersededBy: null, reason: null, canteenId: "cnt_component01", kind: "pesticide_test", subject: null, data: { sample: "韭菜", method: "test_strip", result: "positive" }, derived: null, eventAt: ALERT.occurredAt, day: "2026-12-05", enteredAt: ALERT.occurredAt, enteredBy: { id: "usr_staff", name: "食堂员工 王芳" }, late: false, flagged: true, seq: 3, hash: "a".repeat(64), photos: [], versions: [] }),
    });
    renderPanel(principal(), fromLedger);
    const source = await screen.findByTestId("alert-ledger-source");
    await waitFor(() => expect(source).toHaveTextContent("韭菜"));
    expect(source).toHaveTextContent("农残快检");
    expect(source).toHaveTextContent("食堂员工 王芳");
    expect(screen.getByTestId("alert-ledger-link").getAttribute("href")).toBe("/ledgers?canteen=cnt_component01&kind=pesticide_test");
    expect(screen.queryByTestId("alert-live-link")).toBeNull();
    expect(screen.queryByTestId("alert-fp-rate")).toBeNull();
    expect(screen.queryByTestId("alert-box")).toBeNull();
    await screen.findByTestId("alert-acknowledge");
    // no clip list for an alert without a camera: nothing asked of /clips
    expect(api.requests.some((r) => r.path.startsWith("/clips"))).toBe(false);
  });

  it("will not dispose without a note and a photo, and sends nothing", async () => {
    const api = mockApi({ "GET /clips": () => ok({ items: [] }),  "GET /alerts/:id": () => ok(detail({ status: "acknowledged" })) });
    renderPanel(principal(), { ...ALERT, status: "acknowledged" });
    fireEvent.click(await screen.findByTestId("alert-dispose"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("请填写处置说明");
    fireEvent.input(screen.getByTestId("alert-note"), { target: { value: "已处理" } });
    fireEvent.click(screen.getByTestId("alert-dispose"));
    await waitFor(() => expect(screen.getByTestId("error-banner")).toHaveTextContent("请上传处置照片"));
    expect(api.requests.filter((r) => r.method === "POST")).toEqual([]);
  });

  it("gives the inspector verify and false positive on a disposed alert, and no school step", async () => {
    mockApi({ "GET /clips": () => ok({ items: [] }),  "GET /alerts/:id": () => ok(detail({ status: "disposed" })) });
    renderPanel(inspector(), { ...ALERT, status: "disposed" });
    await screen.findByTestId("alert-verify");
    expect(screen.getByTestId("alert-mark-fp")).toBeInTheDocument();
    expect(screen.queryByTestId("alert-acknowledge")).toBeNull();
    expect(screen.queryByTestId("alert-dispose")).toBeNull();
    expect(screen.queryByTestId("alert-reject-fp")).toBeNull();
  });

  it("returns a disposal only with the inspector's reason", async () => {
    const api = mockApi({ "GET /clips": () => ok({ items: [] }), 
      "GET /alerts/:id": () => ok(detail({ status: "disposed" })),
      "POST /alerts/:id/return": () => ok(detail({ status: "acknowledged" })),
    });
    const changed = renderPanel(inspector(), { ...ALERT, status: "disposed" });
    fireEvent.click(await screen.findByTestId("alert-return"));
    expect(screen.getByText("核查意见")).toBeInTheDocument();
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("请填写核查意见");
    expect(api.requests.filter((r) => r.method === "POST")).toEqual([]);
    fireEvent.input(screen.getByTestId("alert-note"), { target: { value: "照片未显示库房门锁" } });
    fireEvent.click(screen.getByTestId("alert-return"));
    await waitFor(() => expect(changed).toHaveBeenCalledWith(expect.objectContaining({ status: "acknowledged" })));
    expect(api.requests.find((r) => r.method === "POST")?.path).toBe("/alerts/alr_component01/return");
  });

  it("offers the inspector to confirm or reject a school's false-positive proposal", async () => {
    const api = mockApi({ "GET /clips": () => ok({ items: [] }), 
      "GET /alerts/:id": () => ok(detail({ fpProposed: true })),
      "POST /alerts/:id/reject-false-positive": () => ok(detail({ fpProposed: false })),
    });
    const changed = renderPanel(inspector(), { ...ALERT, fpProposed: true });
    expect(await screen.findByTestId("alert-mark-fp")).toHaveTextContent("确认误报");
    fireEvent.input(screen.getByTestId("alert-note"), { target: { value: "非工作时间不应有人" } });
    fireEvent.click(screen.getByTestId("alert-reject-fp"));
    await waitFor(() => expect(changed).toHaveBeenCalledWith(expect.objectContaining({ fpProposed: false })));
    expect(api.requests.find((r) => r.method === "POST")?.path).toBe("/alerts/alr_component01/reject-false-positive");
  });
});

describe("the inbox list", () => {
  useCleanSlate();

  it("after a reconnect, fetches what changed since its syncCursor and merges it in order", async () => {
    const older = { ...ALERT, id: "alr_component00", occurredAt: "2026-11-23T21:00:00.000+08:00" };
    const fresh = { ...ALERT, id: "alr_component02", occurredAt: "2026-11-23T23:00:00.000+08:00" };
    const api = mockApi({ "GET /clips": () => ok({ items: [] }), 
      "GET /alerts": (req) =>
        req.url.searchParams.get("since")
          ? ok({ items: [fresh, { ...older, status: "acknowledged" }], nextCursor: null, syncCursor: "1795500000000.alr_component02" })
          : ok({ items: [ALERT, older], nextCursor: null, syncCursor: "1795400000000.alr_component01" }),
    });
    const list = createRoot(() => createAlertList(() => ({ type: "", status: "", canteenId: "", from: "", to: "", open: false })));
    await list.reload();
    expect(list.items().map((a) => a.id)).toEqual(["alr_component01", "alr_component00"]);
    await list.catchUp();
    const since = api.requests.filter((r) => r.url.searchParams.get("since"));
    expect(since.map((r) => r.url.searchParams.get("since"))).toEqual(["1795400000000.alr_component01"]);
    expect(list.items().map((a) => [a.id, a.status])).toEqual([["alr_component02", "new"], ["alr_component01", "new"], ["alr_component00", "acknowledged"]]);
    await list.catchUp();
    expect(api.requests.filter((r) => r.url.searchParams.get("since")).pop()!.url.searchParams.get("since")).toBe("1795500000000.alr_component02");
  });
});

describe("alert messages on receipt", () => {
  const bytes = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));
  it("accepts the server's and drops forged, malformed or invalid ones with a warning", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(parseAlertMessage(bytes({ kind: "alert.raised", alert: ALERT }), undefined)?.alert.id).toBe(ALERT.id);
    expect(parseAlertMessage(bytes({ kind: "alert.raised", alert: ALERT }), "someone")).toBeNull();
    expect(parseAlertMessage(bytes("{not json"), undefined)).toBeNull();
    expect(parseAlertMessage(bytes({ kind: "alert.raised", alert: { ...ALERT, type: "aliens" } }), undefined)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(3);
    warn.mockRestore();
  });

  it("keeps a pushed alert in the list only when it matches the filters", () => {
    const none = { type: "", status: "", canteenId: "", from: "", to: "", open: false };
    expect(matches(ALERT, none)).toBe(true);
    expect(matches(ALERT, { ...none, status: "disposed" })).toBe(false);
    expect(matches(ALERT, { ...none, type: "after_hours_intrusion", canteenId: "cnt_component01" })).toBe(true);
    expect(matches(ALERT, { ...none, from: "2026-11-23T22:30" })).toBe(false);
    expect(matches(ALERT, { ...none, to: "2026-11-23T22:30" })).toBe(true);
    expect(matches(ALERT, { ...none, open: true })).toBe(ALERT.closedAt == null);
    expect(matches({ ...ALERT, closedAt: "2026-11-24T08:00:00.000+08:00" }, { ...none, open: true })).toBe(false);
  });
});
