import { screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { apiError, mockApi, ok } from "./support/api.ts";
import { cityAdmin, inspector, principal } from "./support/fixtures.ts";
import { figures, overviewOf, rowOf } from "./support/overview.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

describe("首页驾驶舱", () => {
  useCleanSlate();

  it("shows the area's figures, each a link to its list, and a row per school drilling down", async () => {
    const api = mockApi({
      "GET /overview": () => ok(overviewOf({ rows: [rowOf("org_school000001", "鄂城区第一中学", 0.5), rowOf("org_school000002", "鄂城区第二中学", 1)] })),
      "GET /overview/reports": () => ok({ place: { code: "420704", name: "鄂城区", level: "district" }, items: [{ month: "2026-10", edition: "final", generatedAt: "2026-11-01T00:05:00.000+08:00" }] }),
    });
    renderApp("/overview", inspector());
    // the page is a lazy chunk: its first load may take a while on a busy machine
    expect(await screen.findByTestId("overview-online-period-value", {}, { timeout: 5000 })).toHaveTextContent("91.7%");
    expect(screen.getByTestId("overview-online-period")).toHaveAttribute("data-percent", "91.7");
    expect(screen.getByTestId("overview-coverage-value")).toHaveTextContent("100.0%");
    expect(screen.getByTestId("overview-orders").querySelector("a")).toHaveAttribute("href", "/orders?overdue=true");
    expect(screen.getByTestId("overview-patrol").querySelector("a")).toHaveAttribute("href", "/patrol/coverage?region=420704");
    // the public ratings beside the complaints: their mean and how many
    expect(screen.getByTestId("overview-ratings-value")).toHaveTextContent("4.2 ★");
    expect(screen.getByTestId("overview-ratings")).toHaveTextContent("本期共 5 次评分");
    const rows = screen.getAllByTestId("overview-row");
    expect(rows.map((r) => r.dataset.percent)).toEqual(["50", "100"]);
    expect(screen.getAllByTestId("overview-drill")[0]).toHaveAttribute("href", "/overview?school=org_school000001");
    // the default period: this month so far
    const q = Object.fromEntries(api.calls("GET", "/overview")[0]!.url.searchParams);
    expect(q.from).toMatch(/^\d{4}-\d{2}-01$/);
    expect(screen.getByTestId("overview-report-xlsx").getAttribute("href")).toContain("regionCode=420704");
    // the highest risks, each factor with its points
    expect(screen.getByTestId("overview-risk-row")).toHaveTextContent("逾期整改 2 件 +20");
    // the editions kept, each downloadable
    const kept = await screen.findByTestId("overview-kept");
    expect(kept).toHaveTextContent("2026-10 月末终版");
    expect(kept.querySelector("a")?.getAttribute("href")).toContain("edition=final");
  });

  it("lists the red warnings nobody acted on, the flagged first, and each high risk's trend", async () => {
    const flagged = { id: "rwn_a", canteenId: "cnt_school000001", canteenName: "鄂城区第一中学食堂", district: "420704", districtName: "鄂城区", score: 50, openedAt: "2026-11-17T10:00:00.000+08:00", dueAt: "2026-11-19T10:00:00.000+08:00", flaggedAt: "2026-11-19T11:00:00.000+08:00" };
    const waiting = { ...flagged, id: "rwn_b", canteenId: "cnt_school000002", canteenName: "鄂城区第二中学食堂", flaggedAt: null };
    mockApi({ "GET /overview": () => ok(overviewOf({ warnings: { open: 3, flagged: 1, items: [flagged, waiting] } })) });
    renderApp("/overview", cityAdmin());
    const panel = await screen.findByTestId("overview-warnings", {}, { timeout: 5000 });
    expect(panel).toHaveAttribute("data-flagged", "1");
    expect(screen.getByTestId("overview-warnings-summary")).toHaveTextContent("1 家超时未处置，已上报上级");
    const items = screen.getAllByTestId("overview-warning");
    expect(items.map((i) => i.dataset.flagged)).toEqual(["true", "false"]);
    expect(items[0]).toHaveTextContent("超时未处置");
    expect(items[1]).not.toHaveTextContent("超时未处置");
    expect(panel).toHaveTextContent("列出 2 家，共 3 家");
    // the fixture's risk row kept five days of scores: one line through them, labelled with the scores
    const line = screen.getByTestId("sparkline");
    expect(line).toHaveAttribute("aria-label", "近30天风险分：20、25、35、40、45");
    expect(line.querySelectorAll("polyline")).toHaveLength(1);
  });

  it("draws no trend for a canteen with one kept score (a lone dot read as a stray mark)", async () => {
    const base = overviewOf();
    const one = { ...base.risk[0]!, trend: [...Array<null>(29).fill(null), 45] };
    mockApi({ "GET /overview": () => ok({ ...base, risk: [one] }) });
    renderApp("/overview", cityAdmin());
    expect(await screen.findByTestId("overview-risk-row", {}, { timeout: 5000 })).toHaveTextContent("鄂城区第一中学食堂");
    expect(screen.queryByTestId("sparkline")).toBeNull();
  });

  it("says so when no red warning waits", async () => {
    mockApi({ "GET /overview": () => ok(overviewOf()) });
    renderApp("/overview", inspector());
    expect(await screen.findByTestId("overview-warnings", {}, { timeout: 5000 })).toHaveTextContent("暂无未处置的红色预警");
  });

  it("asks for the region and period of the address", async () => {
    const api = mockApi({ "GET /overview": () => ok(overviewOf()) });
    renderApp("/overview?region=420704&from=2026-11-01&to=2026-11-10", cityAdmin());
    await screen.findByTestId("overview-figures", {}, { timeout: 5000 });
    expect(Object.fromEntries(api.calls("GET", "/overview")[0]!.url.searchParams)).toMatchObject({ regionCode: "420704", from: "2026-11-01", to: "2026-11-10" });
  });

  it("says when there is nothing to count, and shows a dash for a rate with no cameras measured", async () => {
    mockApi({ "GET /overview": () => ok(overviewOf({ total: figures({ registered: 0, onlineRate: null }) })) });
    renderApp("/overview", inspector());
    expect(await screen.findByText("该范围内没有学校食堂", {}, { timeout: 5000 })).toBeInTheDocument();
  });

  it("shows the server's message when the region is not theirs", async () => {
    mockApi({ "GET /overview": () => apiError(404, "not_found", "未找到该行政区，或不在您的辖区内") });
    renderApp("/overview?region=420200", inspector());
    expect(await screen.findByTestId("error-banner", {}, { timeout: 5000 })).toHaveTextContent("未找到该行政区");
  });

  it("is no page for a school's principal", async () => {
    mockApi({});
    renderApp("/overview", principal());
    await waitFor(() => expect(screen.getByText("无权访问此页面")).toBeInTheDocument());
  });
});
