import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { navItems } from "../../client/components/Nav.tsx";
import { apiError, mockApi, ok } from "./support/api.ts";
import { cityAdmin, director, inspector, parent, principal } from "./support/fixtures.ts";
import { overviewOf } from "./support/overview.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

const navLinks = () => screen.getAllByRole("link").filter((a) => a.dataset.testid?.startsWith("nav-"));
const navIds = () => navLinks().map((a) => a.dataset.testid);

describe("role-aware navigation", () => {
  useCleanSlate();

  it("gives a regulator admin every page, with the full account management", async () => {
    mockApi({});
    renderApp("/no-such-page", cityAdmin());
    await screen.findByTestId("nav");
    expect(navIds()).toEqual(["nav-overview", "nav-map", "nav-notices", "nav-schools", "nav-alerts", "nav-canteens", "nav-orders", "nav-records", "nav-draws", "nav-spot-checks", "nav-field", "nav-coverage", "nav-plans", "nav-viewing", "nav-complaints", "nav-ledgers", "nav-trace", "nav-orgs", "nav-users"]);
    expect(screen.getByTestId("nav-users")).toHaveTextContent("账号管理");
    expect(screen.getByText("页面不存在")).toBeInTheDocument();
  });

  it("hides organisation and account management from a district inspector", async () => {
    mockApi({});
    renderApp("/no-such-page", inspector());
    await screen.findByTestId("nav");
    expect(navIds()).toEqual(["nav-overview", "nav-map", "nav-notices", "nav-schools", "nav-alerts", "nav-canteens", "nav-orders", "nav-records", "nav-draws", "nav-spot-checks", "nav-field", "nav-coverage", "nav-plans", "nav-viewing", "nav-complaints", "nav-ledgers", "nav-trace"]);
    expect(screen.queryByTestId("nav-orgs")).toBeNull();
    expect(screen.queryByTestId("nav-users")).toBeNull();
  });

  it("gives a principal their canteens and the parent-account page, no schools list", async () => {
    mockApi({});
    renderApp("/no-such-page", principal());
    await screen.findByTestId("nav");
    expect(navIds()).toEqual(["nav-todo", "nav-self-checks", "nav-notices", "nav-alerts", "nav-canteens", "nav-orders", "nav-records", "nav-viewing", "nav-committee", "nav-complaints", "nav-ledgers", "nav-trace", "nav-users"]);
    expect(screen.getByTestId("nav-users")).toHaveTextContent("家长代表账号");
  });

  it("follows the permissions the server sent, not the role name", () => {
    const me = director();
    const school = ["/todo", "/self-checks", "/notices", "/alerts", "/canteens", "/orders", "/patrol/records", "/viewing", "/committee", "/complaints", "/ledgers", "/trace"];
    expect(navItems(me).map((i) => i.href)).toEqual(school);
    expect(navItems({ ...me, permissions: [...me.permissions, "users.manage"] }).map((i) => i.href)).toEqual([...school, "/users"]);
    expect(navItems({ ...parent(), permissions: [] })).toEqual([]);
  });

  it("shows a parent the canteens page, their viewing sessions and the school's supplier choices, and lands them on the canteens", async () => {
    mockApi({ "GET /canteens": () => ok({ items: [], nextCursor: null }) });
    const app = renderApp("/", parent());
    await screen.findByTestId("canteens-page");
    expect(app.location()).toBe("/canteens");
    // and the suppliers their school chose, with the committee's consultation (issue 15, item 1)
    expect(navIds()).toEqual(["nav-canteens", "nav-viewing", "nav-school-suppliers"]);
    expect(screen.getByTestId("current-user")).toHaveTextContent("鄂城区第一中学家长代表 周静");
    expect(screen.getByTestId("current-user")).toHaveTextContent("鄂城区第一中学");
  });

  it("lands a regulator on the overview (首页驾驶舱)", async () => {
    mockApi({ "GET /overview": () => ok(overviewOf()) });
    const app = renderApp("/", inspector());
    await screen.findByTestId("overview-page", {}, { timeout: 5000 });
    expect(app.location()).toBe("/overview");
  });

  it("returns to the login page when the session has expired (401 on any call)", async () => {
    mockApi({ "GET /schools": () => apiError(401, "unauthorized", "请先登录"), "GET /regions": () => ok({ items: [] }) });
    const app = renderApp("/schools", inspector());
    await screen.findByTestId("login-form");
    expect(app.location()).toBe(`/login?next=${encodeURIComponent("/schools")}`);
  });

  it("signs out through the API and goes to the login page", async () => {
    const api = mockApi({ "POST /auth/logout": () => ok({ ok: true }) });
    const app = renderApp("/no-such-page", inspector());
    fireEvent.click(await screen.findByTestId("logout"));
    await screen.findByTestId("login-form");
    expect(api.calls("POST", "/auth/logout")).toHaveLength(1);
    await waitFor(() => expect(app.location()).toBe("/login"));
  });
});
