import { screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { apiError, mockApi } from "./support/api.ts";
import { inspector, parent } from "./support/fixtures.ts";
import { lastFake } from "./support/live.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

vi.mock("../../client/live/controller.ts", async () => (await import("./support/live.ts")).fakeControllerModule);

const notFound = () => apiError(404, "not_found", "未找到该资源");

/**
 * Dead ends (issue 11 item 9): an unknown or forged id, or a page the user has no permission for, gets a plain
 * page saying so, never a blank page (an uncaught ApiError) or a form that only fails.
 */
describe("dead ends", () => {
  useCleanSlate();

  it("the verify page of a forged QR code says there is no such order and the code may be forged", async () => {
    mockApi({ "GET /verify/order/:id": notFound });
    renderApp("/verify/order/ord_F0rgedF0rged01", null);
    const result = await screen.findByTestId("verify-result");
    expect(result.dataset.result).toBe("missing");
    expect(result).toHaveTextContent("未找到该整改通知，二维码可能是伪造的");
    expect(result).toHaveTextContent("请勿采信");
  });

  it("a verify link that is not even an id (refused by the API as invalid) says the same", async () => {
    mockApi({ "GET /verify/order/:id": () => apiError(400, "validation_failed", "请求内容不符合要求", [{ path: "id", message: "invalid id" }]) });
    renderApp("/verify/order/forged-by-hand", null);
    expect(await screen.findByTestId("verify-result")).toHaveTextContent("二维码可能是伪造的");
  });

  it("the live page of an unknown canteen (or one out of scope) is a not-found page, with no connection attempt", async () => {
    const api = mockApi({ "GET /canteens/:id": notFound, "POST /live/token": notFound });
    renderApp("/live/cnt_unknown000001", inspector());
    const page = await screen.findByTestId("dead-end");
    expect(page.dataset.kind).toBe("not-found");
    expect(page).toHaveTextContent("未找到该食堂");
    expect(screen.queryByTestId("inspection-start")).toBeNull();
    expect(screen.queryByTestId("connection-state")).toBeNull();
    // no room controller was made: nothing connects
    expect(() => lastFake()).toThrow();
    expect(api.calls("GET", "/canteens/cnt_unknown000001")).toHaveLength(1);
  });

  it("a parent typing /alerts gets a plain no-permission page, and the alerts are never asked for", async () => {
    const api = mockApi({ "GET /alerts": () => apiError(403, "forbidden", "无权限") });
    renderApp("/alerts", parent());
    const page = await screen.findByTestId("dead-end");
    expect(page.dataset.kind).toBe("forbidden");
    expect(page).toHaveTextContent("无权访问此页面");
    expect(api.requests.filter((r) => r.path.startsWith("/alerts"))).toHaveLength(0);
  });

  it.each(["/orders", "/schools", "/users"])("%s without its permission is a no-permission page", async (path) => {
    mockApi({});
    renderApp(path, parent());
    expect((await screen.findByTestId("dead-end")).dataset.kind).toBe("forbidden");
  });

  it("an unknown order, its print view, and an unknown canteen are not-found pages", async () => {
    mockApi({ "GET /orders/:id": notFound, "GET /canteens/:id": notFound });
    const order = renderApp("/orders/ord_unknown0000001", inspector());
    expect(await screen.findByTestId("dead-end")).toHaveTextContent("未找到该整改通知");
    order.unmount();
    const print = renderApp("/orders/ord_unknown0000001/print", inspector());
    expect(await screen.findByTestId("dead-end")).toHaveTextContent("未找到该整改通知");
    print.unmount();
    renderApp("/canteens/cnt_unknown000001", inspector());
    await waitFor(() => expect(screen.getByTestId("dead-end")).toHaveTextContent("未找到该食堂"));
  });

  it("an unknown school's live link is a not-found page", async () => {
    mockApi({ "GET /canteens": notFound });
    renderApp("/live/org/org_unknown000001", inspector());
    expect(await screen.findByTestId("dead-end")).toHaveTextContent("未找到该学校");
  });
});
