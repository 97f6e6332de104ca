import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { Order, OrderSummary } from "../../client/types.ts";
import { mockApi, ok } from "./support/api.ts";
import { inspector, principal } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

const ORDER_ID = "ord_demo00000001";
const summary = (extra: Partial<OrderSummary> = {}): OrderSummary => ({
  id: ORDER_ID,
  number: "鄂州市鄂城区市监整〔2026〕0001号",
  status: "acknowledged",
  overdue: false,
  escalated: false,
  canteenId: "cnt_demo000001",
  canteenName: "鄂城区第一中学食堂",
  schoolId: "org_school000001",
  schoolName: "鄂城区第一中学",
  inspectionId: "ins_active000001",
  complaintId: null,
  issuedBy: { id: "usr_inspector01", displayName: "鄂城区巡查员 张敏", orgId: "org_echeng000001", orgName: "鄂州市鄂城区市场监督管理局" },
  issuedAt: "2026-09-01T09:50:00.000+08:00",
  deadline: "2026-09-08T09:50:00.000+08:00",
  itemCount: 1,
  updatedAt: "2026-09-01T09:51:00.000+08:00",
  ...extra,
});
const order = (extra: Partial<Order> = {}): Order => ({
  ...summary(),
  remarks: null,
  complaint: null,
  items: [
    {
      id: "oit_demo00000001",
      seq: 1,
      problem: "备餐间操作人员未佩戴口罩",
      severity: "major",
      legalBasis: { id: "lb_fsl33000001", code: "fsl-33", law: "中华人民共和国食品安全法", article: "第三十三条", title: "食品生产经营要求", description: "…" },
      deadline: "2026-09-08T09:50:00.000+08:00",
      snapshots: [],
    },
  ],
  signature: { signer: { id: "usr_inspector01", displayName: "鄂城区巡查员 张敏" }, signedAt: "2026-09-01T09:50:00.000+08:00", documentSha256: "b".repeat(64) },
  events: [
    { id: "oev_issued000001", type: "issued", fromStatus: null, toStatus: "issued", actor: { id: "usr_inspector01", displayName: "鄂城区巡查员 张敏" }, at: "2026-09-01T09:50:00.000+08:00", note: null, notified: [], evidence: [] },
  ],
  verifyPath: `/verify/order/${ORDER_ID}`,
  ...extra,
});

describe("order pages", () => {
  useCleanSlate();

  it("lists orders with their status and overdue flag, and filters by status", async () => {
    const mock = mockApi({ "GET /orders": () => ok({ items: [summary({ overdue: true, status: "issued" }), summary({ id: "ord_demo00000002", number: "…0002号" })], nextCursor: null }) });
    renderApp("/orders", inspector());
    const rows = await screen.findAllByTestId("order-row");
    expect(rows.map((r) => r.dataset.overdue)).toEqual(["true", "false"]);
    expect(rows[0]).toHaveTextContent("已逾期");
    expect(rows[0]).toHaveTextContent("待签收");
    fireEvent.click(screen.getByTestId("orders-filter-submitted"));
    await waitFor(() => expect(mock.calls("GET", "/orders").some((r) => r.url.searchParams.get("status") === "submitted")).toBe(true));
  });

  it("opens narrowed by a link (the overview's overdue orders of a canteen), says so, and widens on request", async () => {
    const mock = mockApi({ "GET /orders": () => ok({ items: [summary({ overdue: true, status: "issued" })], nextCursor: null }) });
    renderApp("/orders?canteenId=cnt_demo00000001&overdue=true", inspector());
    expect(await screen.findByTestId("orders-narrowed")).toHaveTextContent("仅显示已逾期的整改通知");
    const first = mock.calls("GET", "/orders")[0]!.url.searchParams;
    expect([first.get("canteenId"), first.get("overdue")]).toEqual(["cnt_demo00000001", "true"]);
    fireEvent.click(screen.getByTestId("orders-show-all"));
    await waitFor(() => expect(screen.queryByTestId("orders-narrowed")).toBeNull());
    await waitFor(() => expect(mock.calls("GET", "/orders").some((r) => !r.url.searchParams.has("overdue") && !r.url.searchParams.has("canteenId"))).toBe(true));
  });

  it("the school submits a rectification only with a description and a photo", async () => {
    const mock = mockApi({ "GET /orders/:id": () => ok(order()) });
    renderApp(`/orders/${ORDER_ID}`, principal());
    // (the order page is loaded lazily)
    const form = await screen.findByTestId("order-submit-form", {}, { timeout: 8000 });
    fireEvent.input(screen.getByTestId("order-description"), { target: { value: "已整改" } });
    fireEvent.submit(form);
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("请填写整改说明并附上至少一张照片");
    expect(mock.requests.filter((r) => r.method === "POST")).toHaveLength(0);
    // the school cannot review
    expect(screen.queryByTestId("order-accept")).toBeNull();
  });

  it("the inspector returns a submission only with a reason, and accepts it", async () => {
    let current = order({ status: "submitted" });
    const mock = mockApi({
      "GET /orders/:id": () => ok(current),
      "POST /orders/:id/return": (req) => ok((current = order({ status: "acknowledged", events: [...current.events, { ...current.events[0]!, id: "oev_return000001", type: "returned", note: req.body.reason }] }))),
    });
    renderApp(`/orders/${ORDER_ID}`, inspector());
    await screen.findByTestId("order-review-form", {}, { timeout: 8000 });
    fireEvent.click(screen.getByTestId("order-return"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("请填写退回原因");
    expect(mock.calls("POST", `/orders/${ORDER_ID}/return`)).toHaveLength(0);
    fireEvent.input(screen.getByTestId("order-reason"), { target: { value: "照片不清楚" } });
    fireEvent.click(screen.getByTestId("order-return"));
    await waitFor(() => expect(screen.getByTestId("order-status").dataset.status).toBe("acknowledged"));
    expect(mock.calls("POST", `/orders/${ORDER_ID}/return`)[0]!.body).toEqual({ reason: "照片不清楚" });
    expect(screen.getAllByTestId("order-event").map((e) => e.dataset.type)).toEqual(["issued", "returned"]);
    expect(screen.getByTestId("order-event-note")).toHaveTextContent("照片不清楚");
    // the school's forms are not the inspector's
    expect(screen.queryByTestId("order-submit-form")).toBeNull();
  });

  it("the public verification page says whether the order is unchanged, without signing in", async () => {
    mockApi({
      "GET /verify/order/:id": () =>
        ok({ orderId: ORDER_ID, number: "鄂州市鄂城区市监整〔2026〕0001号", canteenName: "鄂城区第一中学食堂", issuerOrgName: "鄂州市鄂城区市场监督管理局", issuedAt: "2026-09-01T09:50:00.000+08:00", status: "closed", result: "changed", signedSha256: "a".repeat(64), computedSha256: "c".repeat(64) }),
    });
    renderApp(`/verify/order/${ORDER_ID}`, null);
    const result = await screen.findByTestId("verify-result");
    expect(result.dataset.result).toBe("changed");
    expect(result).toHaveTextContent("不一致");
    expect(screen.queryByTestId("nav")).toBeNull();
  });
});
