import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { setLang } from "../../client/i18n/index.ts";
import { apiError, mockApi, ok } from "./support/api.ts";
import { inspector } from "./support/fixtures.ts";
import { overviewOf } from "./support/overview.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

function fillAndSubmit(username: string, password: string) {
  fireEvent.input(screen.getByTestId("login-username"), { target: { value: username } });
  fireEvent.input(screen.getByTestId("login-password"), { target: { value: password } });
  fireEvent.submit(screen.getByTestId("login-form"));
}

describe("login page", () => {
  useCleanSlate();

  it("posts the credentials and shows the server's error message", async () => {
    const api = mockApi({ "POST /auth/login": () => apiError(401, "unauthorized", "用户名或密码错误") });
    const app = renderApp("/login");

    fillAndSubmit("  echeng.inspector ", "wrong-password");

    expect(await screen.findByRole("alert")).toHaveTextContent("用户名或密码错误");
    const [req] = api.calls("POST", "/auth/login");
    expect(req!.body).toEqual({ username: "echeng.inspector", password: "wrong-password" });
    expect(req!.credentials).toBe("same-origin");
    expect(req!.headers["accept-language"]).toBe("zh-CN");
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(app.location()).toBe("/login");
    expect(screen.getByTestId("login-submit")).not.toBeDisabled();
  });

  it("asks for English errors when the UI is in English, and shows what the server says", async () => {
    setLang("en");
    const api = mockApi({
      "POST /auth/login": (req) => apiError(429, "rate_limited", req.headers["accept-language"] === "en" ? "Too many attempts, try again later" : "尝试次数过多，请稍后再试"),
    });
    renderApp("/login");

    fillAndSubmit("echeng.inspector", "x");

    expect(await screen.findByTestId("error-banner")).toHaveTextContent("Too many attempts, try again later");
    expect(api.calls("POST", "/auth/login")[0]!.headers["accept-language"]).toBe("en");
  });

  it("signs in and takes a regulator to the overview of their region (首页驾驶舱)", async () => {
    const me = inspector();
    mockApi({
      "POST /auth/login": () => ok({ token: "mcs_x", expiresAt: "2026-09-01T20:00:00.000+08:00", me }),
      "GET /overview": () => ok(overviewOf()),
    });
    const app = renderApp("/login");

    fillAndSubmit("echeng.inspector", "mcll-demo-2026");

    expect(await screen.findByTestId("overview-page", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(app.location()).toBe("/overview");
    expect(screen.getByTestId("current-user")).toHaveTextContent("鄂城区巡查员 张敏");
    await waitFor(() => expect(screen.getByTestId("overview-place")).toHaveTextContent("鄂城区"));
  });

  it("sends a signed-out visitor of a deep link to the login page, and back after signing in", async () => {
    const me = inspector();
    mockApi({
      "GET /auth/me": () => apiError(401, "unauthorized", "请先登录"),
      "POST /auth/login": () => ok({ token: "mcs_x", expiresAt: "2026-09-01T20:00:00.000+08:00", me }),
      "GET /canteens": () => ok({ items: [], nextCursor: null }),
    });
    const app = renderApp("/canteens");

    await screen.findByTestId("login-form");
    expect(app.location()).toBe(`/login?next=${encodeURIComponent("/canteens")}`);

    fillAndSubmit("echeng.inspector", "mcll-demo-2026");
    await screen.findByTestId("canteens-page");
    expect(app.location()).toBe("/canteens");
  });
});
