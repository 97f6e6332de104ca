import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { regionPrefix, withinRegion } from "../../client/regions.ts";
import type { Region } from "../../client/types.ts";
import { type MockRequest, mockApi, ok } from "./support/api.ts";
import { inspector, meAs } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

const region = (code: string, name: string, level: Region["level"], parentCode: string): Region => ({ code, name, level, parentCode });

const CHILDREN: Record<string, Region[]> = {
  // 长沙市 does not belong under 湖北省: a region out of the user's jurisdiction is never offered
  "420000": [region("420200", "黄石市", "city", "420000"), region("420700", "鄂州市", "city", "420000"), region("430100", "长沙市", "city", "420000")],
  "420700": [region("420702", "梁子湖区", "district", "420700"), region("420703", "华容区", "district", "420700"), region("420704", "鄂城区", "district", "420700")],
  "420200": [region("420202", "黄石港区", "district", "420200")],
};
const regionsApi = (req: MockRequest) => ok({ items: CHILDREN[req.url.searchParams.get("parent") ?? ""] ?? [] });
const options = (testid: string) => Array.from((screen.getByTestId(testid) as HTMLSelectElement).options).map((o) => [o.value, o.textContent]);

const provinceAdmin = () => meAs("regulator_admin", "province", "湖北省市场监管局管理员");

describe("region picker", () => {
  useCleanSlate();

  it("reads the level from a GB/T 2260 code", () => {
    expect(regionPrefix("420000")).toBe("42");
    expect(regionPrefix("420700")).toBe("4207");
    expect(regionPrefix("420704")).toBe("420704");
    expect(withinRegion("420704", "420000")).toBe(true);
    expect(withinRegion("430100", "420000")).toBe(false);
    expect(withinRegion("420202", "420700")).toBe(false);
  });

  it("lets a province admin register an org in a city, then in one of its districts", async () => {
    const api = mockApi({
      "GET /orgs": () => ok({ items: [], nextCursor: null }),
      "GET /regions": regionsApi,
      "POST /orgs": (req) => ({ status: 201, body: { id: "org_new000000001", kind: req.body.kind, name: req.body.name, regionCode: req.body.regionCode, regionName: "?", creditCode: null, status: "active", createdAt: "2026-09-01T08:00:00.000+08:00" } }),
    });
    renderApp("/orgs", provinceAdmin());
    fireEvent.click(await screen.findByTestId("org-form-open"));
    await waitFor(() => expect(options("org-region")).toHaveLength(3));
    expect(options("org-region")).toEqual([["", "湖北省（本级）"], ["420200", "黄石市"], ["420700", "鄂州市"]]);
    expect(screen.queryByTestId("org-region-sub")).toBeNull();

    fireEvent.change(screen.getByTestId("org-region"), { target: { value: "420700" } });
    await screen.findByTestId("org-region-sub");
    expect(api.calls("GET", "/regions").at(-1)!.url.searchParams.get("parent")).toBe("420700");
    expect(options("org-region-sub")).toEqual([["", "鄂州市（本级）"], ["420702", "梁子湖区"], ["420703", "华容区"], ["420704", "鄂城区"]]);
    fireEvent.change(screen.getByTestId("org-region-sub"), { target: { value: "420704" } });

    fireEvent.input(screen.getByTestId("org-name"), { target: { value: "鄂城区新城小学" } });
    fireEvent.submit(screen.getByTestId("org-form"));
    await waitFor(() => expect(api.calls("POST", "/orgs")).toHaveLength(1));
    expect(api.calls("POST", "/orgs")[0]!.body).toEqual({ kind: "school", name: "鄂城区新城小学", regionCode: "420704" });
  });

  it("registers at the city's own level or the province's when nothing below is picked", async () => {
    const api = mockApi({
      "GET /orgs": () => ok({ items: [], nextCursor: null }),
      "GET /regions": regionsApi,
      "POST /orgs": (req) => ({ status: 201, body: { id: `org_new00000000${api.calls("POST", "/orgs").length}`, kind: req.body.kind, name: req.body.name, regionCode: req.body.regionCode, regionName: "?", creditCode: null, status: "active", createdAt: "2026-09-01T08:00:00.000+08:00" } }),
    });
    renderApp("/orgs", provinceAdmin());
    fireEvent.click(await screen.findByTestId("org-form-open"));
    await waitFor(() => expect(options("org-region")).toHaveLength(3));

    fireEvent.input(screen.getByTestId("org-name"), { target: { value: "湖北省教育厅" } });
    fireEvent.change(screen.getByTestId("org-kind"), { target: { value: "education" } });
    fireEvent.submit(screen.getByTestId("org-form"));
    await waitFor(() => expect(api.calls("POST", "/orgs")).toHaveLength(1));
    expect(api.calls("POST", "/orgs")[0]!.body.regionCode).toBe("420000");
    await waitFor(() => expect(screen.queryByTestId("org-form")).toBeNull());

    fireEvent.click(screen.getByTestId("org-form-open"));
    await waitFor(() => expect(options("org-region")).toHaveLength(3));
    fireEvent.change(screen.getByTestId("org-region"), { target: { value: "420200" } });
    await screen.findByTestId("org-region-sub");
    fireEvent.input(screen.getByTestId("org-name"), { target: { value: "黄石市教育局" } });
    fireEvent.submit(screen.getByTestId("org-form"));
    await waitFor(() => expect(api.calls("POST", "/orgs")).toHaveLength(2));
    expect(api.calls("POST", "/orgs")[1]!.body.regionCode).toBe("420200");
  });

  it("filters a province regulator's schools by city, then by district", async () => {
    const api = mockApi({ "GET /schools": () => ok({ items: [], nextCursor: null, total: 0 }), "GET /regions": regionsApi });
    renderApp("/schools", meAs("inspector", "province"));
    const lastRegionCode = () => api.calls("GET", "/schools").at(-1)!.url.searchParams.get("regionCode");

    await waitFor(() => expect(options("region-filter")).toEqual([["", "全部"], ["420200", "黄石市"], ["420700", "鄂州市"]]));
    expect(screen.getByTestId("region-filter").closest("label")).toHaveTextContent("市（州）");

    fireEvent.change(screen.getByTestId("region-filter"), { target: { value: "420700" } });
    await waitFor(() => expect(lastRegionCode()).toBe("420700"));
    await screen.findByTestId("region-filter-sub");
    expect(screen.getByTestId("region-filter-sub").closest("label")).toHaveTextContent("区县");

    fireEvent.change(screen.getByTestId("region-filter-sub"), { target: { value: "420703" } });
    await waitFor(() => expect(lastRegionCode()).toBe("420703"));
    expect((screen.getByTestId("region-filter") as HTMLSelectElement).value).toBe("420700");

    // another city: its own districts, not the previous city's
    fireEvent.change(screen.getByTestId("region-filter"), { target: { value: "420200" } });
    await waitFor(() => expect(lastRegionCode()).toBe("420200"));
    await waitFor(() => expect(options("region-filter-sub")).toEqual([["", "黄石市（本级）"], ["420202", "黄石港区"]]));

    fireEvent.change(screen.getByTestId("region-filter"), { target: { value: "" } });
    await waitFor(() => expect(lastRegionCode()).toBeNull());
    expect(screen.queryByTestId("region-filter-sub")).toBeNull();
  });

  it("shows no region filter to a district regulator", async () => {
    const api = mockApi({ "GET /schools": () => ok({ items: [], nextCursor: null, total: 0 }), "GET /regions": regionsApi });
    renderApp("/schools", inspector());
    await waitFor(() => expect(api.calls("GET", "/regions")).toHaveLength(1));
    await screen.findByTestId("schools-empty");
    expect(api.calls("GET", "/regions")[0]!.url.searchParams.get("parent")).toBe("420704");
    expect(screen.queryByTestId("region-filter")).toBeNull();
  });
});
