import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { type MockRequest, mockApi, ok } from "./support/api.ts";
import { cityAdmin, inspector, school } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

const DISTRICT = ["鄂城区第一中学", "鄂城区第二中学", "鄂城区实验中学", "鄂城区第一小学"].map((n) => school(n));

/** A tiny stand-in for GET /schools: filters by q, pages by an index cursor. */
function schoolsApi(all = DISTRICT, pageSize = 50) {
  return (req: MockRequest) => {
    const q = req.url.searchParams.get("q") ?? "";
    const matching = all.filter((s) => s.name.includes(q));
    const start = Number(req.url.searchParams.get("cursor") ?? 0);
    const items = matching.slice(start, start + pageSize);
    const next = start + pageSize < matching.length ? String(start + pageSize) : null;
    return ok({ items, nextCursor: next, total: matching.length });
  };
}

const names = () => screen.getAllByTestId("school-name").map((el) => el.textContent);

describe("schools page", () => {
  useCleanSlate();

  it("renders one row per school from the API, with region and camera counts", async () => {
    const api = mockApi({ "GET /schools": schoolsApi([school("鄂城区第一中学", { cameraCount: 7, onlineCameraCount: 5, canteenCount: 2 })]), "GET /regions": () => ok({ items: [] }) });
    renderApp("/schools", inspector());

    const row = await screen.findByTestId("school-row");
    expect(within(row).getByTestId("school-name")).toHaveTextContent("鄂城区第一中学");
    expect(within(row).getByTestId("school-name")).toHaveAttribute("href", expect.stringContaining("/canteens?orgId="));
    expect(within(row).getByTestId("school-region")).toHaveTextContent("鄂城区");
    expect(within(row).getByTestId("school-canteens")).toHaveTextContent("2");
    expect(within(row).getByTestId("school-cameras")).toHaveTextContent("5 / 7");
    expect(screen.getByTestId("school-total")).toHaveTextContent("共 1 所学校");
    const [req] = api.calls("GET", "/schools");
    expect(req!.url.searchParams.has("q")).toBe(false);
    expect(req!.credentials).toBe("same-origin");
  });

  it("searches with the text typed into the search box (q parameter)", async () => {
    const api = mockApi({ "GET /schools": schoolsApi(), "GET /regions": () => ok({ items: [] }) });
    renderApp("/schools", inspector());
    await waitFor(() => expect(screen.getAllByTestId("school-row")).toHaveLength(4));

    fireEvent.input(screen.getByTestId("search-input"), { target: { value: " 第一 " } });
    fireEvent.submit(screen.getByTestId("search-input").closest("form")!);

    await waitFor(() => expect(screen.getAllByTestId("school-row")).toHaveLength(2));
    expect(names()).toEqual(["鄂城区第一中学", "鄂城区第一小学"]);
    const last = api.calls("GET", "/schools").at(-1)!;
    expect(last.url.searchParams.get("q")).toBe("第一");
    expect(screen.getByTestId("school-total")).toHaveTextContent("共 2 所学校");
  });

  it("loads the next page by cursor and appends it", async () => {
    const many = Array.from({ length: 25 }, (_, i) => school(`鄂城区学校${String(i).padStart(2, "0")}`));
    const api = mockApi({ "GET /schools": schoolsApi(many, 20), "GET /regions": () => ok({ items: [] }) });
    renderApp("/schools", inspector());
    await waitFor(() => expect(screen.getAllByTestId("school-row")).toHaveLength(20));

    fireEvent.click(screen.getByTestId("load-more"));

    await waitFor(() => expect(screen.getAllByTestId("school-row")).toHaveLength(25));
    expect(api.calls("GET", "/schools").at(-1)!.url.searchParams.get("cursor")).toBe("20");
    expect(screen.queryByTestId("load-more")).toBeNull();
  });

  it("offers a district filter to a city regulator and sends its regionCode", async () => {
    const api = mockApi({
      "GET /schools": schoolsApi(),
      "GET /regions": (req) => ok({ items: req.url.searchParams.get("parent") === "420700" ? [{ code: "420704", name: "鄂城区", level: "district", parentCode: "420700" }] : [] }),
    });
    renderApp("/schools", cityAdmin());

    const select = await screen.findByTestId("region-filter");
    fireEvent.change(select, { target: { value: "420704" } });

    await waitFor(() => expect(api.calls("GET", "/schools").at(-1)!.url.searchParams.get("regionCode")).toBe("420704"));
  });

  it("renders a hostile school name as text", async () => {
    mockApi({ "GET /schools": schoolsApi([school("<script>alert(1)</script><img src=x onerror=alert(2)>")]), "GET /regions": () => ok({ items: [] }) });
    const { container } = renderApp("/schools", inspector());

    const name = await screen.findByTestId("school-name");
    expect(name.textContent).toBe("<script>alert(1)</script><img src=x onerror=alert(2)>");
    expect(container.querySelector("script, img")).toBeNull();
  });
});
