import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { en } from "../../client/i18n/en.ts";
import { LANG_STORAGE_KEY, lang, t } from "../../client/i18n/index.ts";
import { zhCN } from "../../client/i18n/zh-CN.ts";
import { mockApi, ok } from "./support/api.ts";
import { inspector, school } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

describe("language toggle", () => {
  useCleanSlate();

  it("switches the login page between zh-CN and English and remembers the choice", async () => {
    mockApi({});
    renderApp("/login");
    expect(screen.getByRole("heading", { level: 2 })).toHaveTextContent("登录");
    expect(screen.getByText("用户名")).toBeInTheDocument();

    fireEvent.click(screen.getByTestId("lang-toggle"));

    expect(screen.getByRole("heading", { level: 2 })).toHaveTextContent("Sign in");
    expect(screen.getByText("Username")).toBeInTheDocument();
    expect(screen.queryByText("用户名")).toBeNull();
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    expect(screen.getByTestId("lang-toggle")).toHaveTextContent("中文");

    fireEvent.click(screen.getByTestId("lang-toggle"));
    expect(screen.getByRole("heading", { level: 2 })).toHaveTextContent("登录");
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe("zh-CN");
    expect(lang()).toBe("zh-CN");
  });

  it("re-labels the signed-in pages and sends the new language with the next request", async () => {
    const api = mockApi({ "GET /schools": () => ok({ items: [school("鄂城区第一中学")], nextCursor: null, total: 1 }), "GET /regions": () => ok({ items: [] }) });
    renderApp("/schools", inspector());
    await screen.findByTestId("school-row");
    expect(screen.getByTestId("nav-schools")).toHaveTextContent("辖区学校");
    expect(screen.getByTestId("school-total")).toHaveTextContent("共 1 所学校");

    fireEvent.click(screen.getByTestId("lang-toggle"));
    expect(screen.getByTestId("nav-schools")).toHaveTextContent("Schools");
    expect(screen.getByTestId("school-total")).toHaveTextContent("1 schools");
    expect(screen.getByTestId("logout")).toHaveTextContent("Sign out");

    fireEvent.input(screen.getByTestId("search-input"), { target: { value: "第一" } });
    fireEvent.submit(screen.getByTestId("search-input").closest("form")!);
    await waitFor(() => expect(api.calls("GET", "/schools")).toHaveLength(2));
    expect(api.calls("GET", "/schools")[0]!.headers["accept-language"]).toBe("zh-CN");
    expect(api.calls("GET", "/schools")[1]!.headers["accept-language"]).toBe("en");
  });

  it("has every message in both languages, with the same placeholders", () => {
    const keys = Object.keys(zhCN) as Array<keyof typeof zhCN>;
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of keys) {
      expect(en[key].trim(), key).not.toBe("");
      expect(holes(en[key]), key).toEqual(holes(zhCN[key]));
    }
    expect(t("schools.total", { total: 12 })).toBe("共 12 所学校");
    expect(t("area.sample_retention")).toBe("留样间");
  });
});
