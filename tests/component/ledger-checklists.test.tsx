import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { DAILY_ITEMS } from "../../server/ledgers/kinds.ts";
import { apiError, mockApi, ok } from "./support/api.ts";
import { cityAdmin, inspector } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

const builtin = (keys: readonly string[]) => ({ id: null, version: 0, regionCode: null, items: keys.map((key) => ({ key, label: null })) });
const kindOf = (kind: string, keys: readonly string[]) => ({ kind, own: null, inEffect: builtin(keys), inherited: builtin(keys), inheritedFrom: null, builtin: [...keys] });
const CITY = { regionCode: "420700", regionName: "鄂州市", kinds: [kindOf("daily_control", DAILY_ITEMS), kindOf("weekly_check", ["certificates_valid"]), kindOf("monthly_dispatch", ["risks_listed"])] };
const items = () => screen.getAllByTestId("checklist-item");
const row = (key: string) => items().find((li) => li.dataset.key === key)!;

/** /ledgers/checklists (issue 14): the regulator's editor of its region's 自查 checklists, its empty and error states. */
describe("the regulator's checklist editor", () => {
  useCleanSlate();

  it("keeps, rewords, removes and adds items, and saves them as a new version of the region's checklist", async () => {
    const api = mockApi({
      "GET /regions": () => ok({ items: [] }),
      "GET /ledgers/checklists": () => ok(CITY),
      "POST /ledgers/checklists": (req) => ({ status: 201, body: { ...kindOf(req.body.kind, DAILY_ITEMS), own: { id: "lck_component01", version: 1, items: [], createdAt: "2026-12-05T08:00:00.000+08:00", createdBy: { id: "usr_1", name: "鄂州市监局管理员" } } } }),
    });
    renderApp("/ledgers/checklists", cityAdmin());
    await waitFor(() => expect(items()).toHaveLength(DAILY_ITEMS.length));
    expect(screen.getByTestId("checklist-source")).toHaveTextContent("内置");
    expect(api.calls("GET", "/ledgers/checklists")[0]!.url.searchParams.get("regionCode")).toBe("420700");
    // the built-in wording is the placeholder: typing rewords it
    expect(row("health_checked").querySelector("input")!.placeholder).toBe("从业人员晨检已完成");
    fireEvent.input(row("health_checked").querySelector("input")!, { target: { value: "晨检全覆盖并登记" } });
    fireEvent.click(row("additives_recorded").querySelector('[data-testid="checklist-remove"]')!);
    fireEvent.click(screen.getByTestId("checklist-add"));
    fireEvent.input(row("").querySelector("input")!, { target: { value: " 燃气阀门已关闭 " } });
    fireEvent.click(screen.getByTestId("checklist-save"));
    await screen.findByTestId("checklist-notice");
    const [sent] = api.calls("POST", "/ledgers/checklists");
    expect(sent!.body).toEqual({
      regionCode: "420700",
      kind: "daily_control",
      items: [{ key: "health_checked", label: "晨检全覆盖并登记" }, ...DAILY_ITEMS.slice(1, -1).map((key) => ({ key })), { label: "燃气阀门已关闭" }],
    });
    // the page reloads the region's checklists after saving
    await waitFor(() => expect(api.calls("GET", "/ledgers/checklists")).toHaveLength(2));
  });

  it("says a checklist with no item left is empty and does not offer to save it; a removed built-in item can be restored", async () => {
    mockApi({ "GET /regions": () => ok({ items: [] }), "GET /ledgers/checklists": () => ok(CITY) });
    renderApp("/ledgers/checklists", cityAdmin());
    fireEvent.click(await screen.findByTestId("checklist-kind-weekly_check"));
    await waitFor(() => expect(items()).toHaveLength(1));
    fireEvent.click(screen.getByTestId("checklist-remove"));
    expect(screen.getByTestId("checklist-empty")).toHaveTextContent("清单中没有项目");
    expect(screen.getByTestId("checklist-save")).toBeDisabled();
    fireEvent.change(screen.getByRole("combobox", { name: "恢复内置项目…" }), { target: { value: "certificates_valid" } });
    expect(items().map((li) => li.dataset.key)).toEqual(["certificates_valid"]);
    expect(screen.getByTestId("checklist-save")).toBeEnabled();
  });

  it("shows the server's refusal, and a region it cannot read as an error, not a blank page", async () => {
    mockApi({
      "GET /regions": () => ok({ items: [] }),
      "GET /ledgers/checklists": () => ok(CITY),
      "POST /ledgers/checklists": () => apiError(400, "validation_failed", "自查清单有误：项目不属于该类清单、重复或缺少名称"),
    });
    renderApp("/ledgers/checklists", cityAdmin());
    await waitFor(() => expect(items()).toHaveLength(DAILY_ITEMS.length));
    fireEvent.click(screen.getByTestId("checklist-save"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("自查清单有误");
    expect(screen.queryByTestId("checklist-notice")).toBeNull();
  });

  it("an inspector reads the checklist its district inherits from the city but has nothing to edit", async () => {
    const fromCity = { ...builtin(DAILY_ITEMS), id: "lck_city0000001", version: 2, regionCode: "420700" };
    const daily = { ...kindOf("daily_control", DAILY_ITEMS), inEffect: fromCity, inherited: fromCity, inheritedFrom: "鄂州市" };
    mockApi({ "GET /regions": () => ok({ items: [] }), "GET /ledgers/checklists": () => ok({ ...CITY, regionCode: "420704", regionName: "鄂城区", kinds: [daily, ...CITY.kinds.slice(1)] }) });
    renderApp("/ledgers/checklists", inspector());
    await waitFor(() => expect(items()).toHaveLength(DAILY_ITEMS.length));
    expect(screen.getByTestId("checklist-source")).toHaveTextContent("沿用上级辖区（鄂州市）的清单");
    expect(items()[0]!.querySelector("input")).toBeDisabled();
    expect(screen.queryByTestId("checklist-save")).toBeNull();
    expect(screen.queryByTestId("checklist-remove")).toBeNull();
  });

  it("a failed read of the region's checklists shows the error banner", async () => {
    mockApi({ "GET /regions": () => ok({ items: [] }), "GET /ledgers/checklists": () => apiError(503, "unavailable", "服务暂时不可用") });
    renderApp("/ledgers/checklists", cityAdmin());
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("服务暂时不可用");
    expect(screen.queryByTestId("checklist-form")).toBeNull();
  });
});
