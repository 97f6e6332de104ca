import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import type { Alert } from "../../client/types.ts";
import { apiError, mockApi, ok } from "./support/api.ts";
import { alert as alertFixture, inspector, parent, principal } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

/** Issue 11, item 12 in the browser: repeats on one card, 签收 of all new alerts at once, badges on the navigation. */
const alert = (id: string, extra: Partial<Alert> = {}): Alert =>
  alertFixture(id, { hasSnapshot: false, deadlineAt: "2099-11-24T00:00:00.400+08:00", fpRate: { type: "after_hours_intrusion", falsePositives: 0, judged: 0, rate: 0, raised: false }, ...extra });
const SUMMARY = { new: 2, acknowledged: 1, disposed: 4, fpProposed: 1, escalated: 0 };
const inbox = (items: Alert[]) => ({
  "GET /alerts/summary": () => ok(SUMMARY),
  "GET /alerts": () => ok({ items, nextCursor: null, syncCursor: "AA" }),
  "POST /alerts/ops-token": () => apiError(503, "service_unavailable", "实时服务不可用"),
});

describe("alert floods in the inbox", () => {
  useCleanSlate();

  it("a card says how often the alert repeated, until when", async () => {
    mockApi(inbox([alert("alr_flood00001", { occurrences: 7, lastOccurredAt: "2026-11-23T23:40:00.000+08:00" }), alert("alr_flood00002")]));
    renderApp("/alerts", principal());
    const repeats = await screen.findByTestId("alert-occurrences");
    expect(repeats).toHaveTextContent("共 7 次");
    expect(screen.getAllByTestId("alert-occurrences")).toHaveLength(1);
    expect(repeats.closest("[data-testid=alert-card]")).toHaveTextContent("23:40");
  });

  it("opens narrowed by a link (the overview's open alerts of a canteen), with the filter shown and undoable", async () => {
    const api = mockApi(inbox([alert("alr_flood00001")]));
    renderApp("/alerts?canteenId=cnt_demo00000001&open=1", principal());
    await screen.findByTestId("alert-card");
    const first = api.calls("GET", "/alerts")[0]!.url.searchParams;
    expect([first.get("canteenId"), first.get("open")]).toEqual(["cnt_demo00000001", "1"]);
    const open = screen.getByTestId("filter-open") as HTMLInputElement;
    expect(open.checked).toBe(true);
    fireEvent.click(open);
    await waitFor(() => expect(api.calls("GET", "/alerts").some((r) => !r.url.searchParams.has("open"))).toBe(true));
  });

  it("the school acknowledges every new alert at once and hears about the ones it could not", async () => {
    const confirm = vi.spyOn(globalThis, "confirm").mockReturnValue(true);
    const api = mockApi({
      ...inbox([alert("alr_flood00001"), alert("alr_flood00002"), alert("alr_flood00003", { status: "acknowledged" })]),
      "POST /alerts/acknowledge": (req) => ok({ acknowledged: [req.body.ids[0]], refused: [{ id: req.body.ids[1], code: "conflict", message: "该预警已签收" }] }),
    });
    renderApp("/alerts", principal());
    const button = await screen.findByTestId("alerts-ack-all");
    expect(button).toHaveTextContent("全部签收（2）");
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId("alerts-ack-all-result")).toHaveTextContent("已签收 1 条，1 条未能签收：该预警已签收"));
    expect(api.calls("POST", "/alerts/acknowledge").map((r) => r.body)).toEqual([{ ids: ["alr_flood00001", "alr_flood00002"] }]);
    expect(confirm).toHaveBeenCalledTimes(1);
    confirm.mockRestore();
  });

  it("asks before acknowledging them all, and sends nothing when the user says no", async () => {
    const confirm = vi.spyOn(globalThis, "confirm").mockReturnValue(false);
    const api = mockApi(inbox([alert("alr_flood00001")]));
    renderApp("/alerts", principal());
    fireEvent.click(await screen.findByTestId("alerts-ack-all"));
    expect(api.calls("POST", "/alerts/acknowledge")).toEqual([]);
    confirm.mockRestore();
  });

  it("an inspector has no such button (acknowledging is the school's step)", async () => {
    mockApi(inbox([alert("alr_flood00001")]));
    renderApp("/alerts", inspector());
    await screen.findAllByTestId("alert-card");
    expect(screen.queryByTestId("alerts-ack-all")).toBeNull();
  });
});

describe("the navigation's badge", () => {
  useCleanSlate();

  it("counts the school's steps for a principal and the regulator's for an inspector", async () => {
    mockApi({ "GET /alerts/summary": () => ok(SUMMARY) });
    renderApp("/no-such-page", principal());
    expect(await screen.findByTestId("nav-alerts-badge")).toHaveTextContent("3");
  });

  it("shows an inspector what waits for verification", async () => {
    mockApi({ "GET /alerts/summary": () => ok(SUMMARY) });
    renderApp("/no-such-page", inspector());
    expect(await screen.findByTestId("nav-alerts-badge")).toHaveTextContent("5");
  });

  it("asks nothing for a parent, who sees no alerts", async () => {
    const api = mockApi({});
    renderApp("/no-such-page", parent());
    await screen.findByTestId("nav");
    expect(api.calls("GET", "/alerts/summary")).toEqual([]);
    expect(screen.queryByTestId("nav-alerts-badge")).toBeNull();
  });
});

describe("signing out everywhere", () => {
  useCleanSlate();

  it("asks, ends every session on the server, and goes to the login page", async () => {
    const confirm = vi.spyOn(globalThis, "confirm").mockReturnValue(true);
    const api = mockApi({ "POST /auth/logout-everywhere": () => ok({ ok: true, ended: 3 }) });
    renderApp("/no-such-page", parent());
    fireEvent.click(await screen.findByTestId("logout-everywhere"));
    await waitFor(() => expect(api.calls("POST", "/auth/logout-everywhere")).toHaveLength(1));
    expect(await screen.findByTestId("login-form")).toBeInTheDocument();
    confirm.mockRestore();
  });
});
