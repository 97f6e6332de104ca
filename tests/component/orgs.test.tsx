import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { Org } from "../../client/types.ts";
import { apiError, mockApi, ok } from "./support/api.ts";
import { cityAdmin, inspector } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

const org = (id: string, name: string, kind: Org["kind"], extra: Partial<Org> = {}): Org => ({
  id,
  kind,
  name,
  regionCode: "420704",
  regionName: "鄂城区",
  creditCode: null,
  status: "active",
  createdAt: "2026-09-01T08:00:00.000+08:00",
  position: null,
  ...extra,
});
const SCHOOL = org("org_school000001", "鄂城区第一中学", "school");
const OWN = org(cityAdmin().memberships[0]!.orgId, "鄂州市市场监督管理局", "regulator", { regionCode: "420700", regionName: "鄂州市" });

/** GET /orgs from a list that PATCH /orgs/:id changes (or a fixed reply for PATCH). */
function orgsApi(patchReply?: () => ReturnType<typeof ok>) {
  let orgs = [SCHOOL, OWN];
  return mockApi({
    "GET /orgs": () => ok({ items: orgs, nextCursor: null }),
    "GET /regions": () => ok({ items: [] }),
    "PATCH /orgs/:id": (req) => {
      if (patchReply) return patchReply();
      orgs = orgs.map((o) => (o.id === req.params.id ? { ...o, ...req.body } : o));
      return ok(orgs.find((o) => o.id === req.params.id));
    },
  });
}

const schoolRow = async () => (await screen.findAllByTestId("org-row")).find((r) => r.textContent?.includes("鄂城区第一中学"))!;

describe("organisation management", () => {
  useCleanSlate();

  it("edits an org's name and 统一社会信用代码, sending only what changed", async () => {
    const api = orgsApi();
    renderApp("/orgs", cityAdmin());
    fireEvent.click(within(await schoolRow()).getByTestId("org-edit"));
    const form = await screen.findByTestId("org-edit-form");
    expect((within(form).getByTestId("org-edit-name") as HTMLInputElement).value).toBe("鄂城区第一中学");

    fireEvent.input(within(form).getByTestId("org-edit-name"), { target: { value: " 鄂州市鄂城区第一中学 " } });
    fireEvent.input(within(form).getByTestId("org-edit-credit-code"), { target: { value: "12420700ma4f0abc1d" } });
    fireEvent.submit(form);

    await waitFor(() => expect(screen.queryByTestId("org-edit-form")).toBeNull());
    expect(api.calls("PATCH", `/orgs/${SCHOOL.id}`)[0]!.body).toEqual({ name: "鄂州市鄂城区第一中学", creditCode: "12420700MA4F0ABC1D" });
    const row = await schoolRow();
    expect(within(row).getByTestId("org-name-cell")).toHaveTextContent("鄂州市鄂城区第一中学");
    expect(within(row).getByTestId("org-credit-code-cell")).toHaveTextContent("12420700MA4F0ABC1D");

    // emptying the code clears it (null); the unchanged name is not sent
    fireEvent.click(within(row).getByTestId("org-edit"));
    fireEvent.input(screen.getByTestId("org-edit-credit-code"), { target: { value: "" } });
    fireEvent.submit(screen.getByTestId("org-edit-form"));
    await waitFor(() => expect(api.calls("PATCH", `/orgs/${SCHOOL.id}`)).toHaveLength(2));
    expect(api.calls("PATCH", `/orgs/${SCHOOL.id}`)[1]!.body).toEqual({ creditCode: null });
  });

  it("sets a school's position on the map (both degrees or neither), refusing half a position or degrees out of range", async () => {
    const api = orgsApi();
    renderApp("/orgs", cityAdmin());
    fireEvent.click(within(await schoolRow()).getByTestId("org-edit"));
    const form = await screen.findByTestId("org-edit-form");
    fireEvent.input(within(form).getByTestId("org-edit-latitude"), { target: { value: "30.39" } });
    fireEvent.submit(form);
    expect(await within(form).findByTestId("error-banner")).toHaveTextContent("纬度和经度须同时填写数字，或同时留空");
    fireEvent.input(within(form).getByTestId("org-edit-longitude"), { target: { value: "214.9" } });
    fireEvent.submit(form);
    await waitFor(() => expect(within(form).getByTestId("error-banner")).toHaveTextContent("纬度须在 −90 到 90 之间"));
    expect(api.calls("PATCH", `/orgs/${SCHOOL.id}`)).toHaveLength(0);
    fireEvent.input(within(form).getByTestId("org-edit-longitude"), { target: { value: " 114.89 " } });
    fireEvent.submit(form);
    await waitFor(() => expect(api.calls("PATCH", `/orgs/${SCHOOL.id}`)).toHaveLength(1));
    expect(api.calls("PATCH", `/orgs/${SCHOOL.id}`)[0]!.body).toEqual({ position: { latitude: 30.39, longitude: 114.89 } });
  });

  it("shows no position fields for an org that is not a school", async () => {
    orgsApi();
    renderApp("/orgs", cityAdmin());
    const own = (await screen.findAllByTestId("org-row")).find((r) => r.textContent?.includes("鄂州市市场监督管理局"))!;
    fireEvent.click(within(own).getByTestId("org-edit"));
    const form = await screen.findByTestId("org-edit-form");
    expect(within(form).queryByTestId("org-edit-position")).toBeNull();
  });

  it("refuses a malformed credit code before sending, and shows the server's refusal", async () => {
    const api = orgsApi(() => apiError(403, "forbidden", "无权执行此操作"));
    renderApp("/orgs", cityAdmin());
    fireEvent.click(within(await schoolRow()).getByTestId("org-edit"));
    const form = await screen.findByTestId("org-edit-form");

    // 18 characters, but with an O (not allowed in 统一社会信用代码)
    fireEvent.input(within(form).getByTestId("org-edit-credit-code"), { target: { value: "12420700MA4F0ABCOD" } });
    fireEvent.submit(form);
    expect(await within(form).findByTestId("error-banner")).toHaveTextContent("统一社会信用代码: 须为 18 位数字或大写字母");
    expect(api.calls("PATCH", `/orgs/${SCHOOL.id}`)).toHaveLength(0);

    fireEvent.input(within(form).getByTestId("org-edit-credit-code"), { target: { value: "" } });
    fireEvent.input(within(form).getByTestId("org-edit-name"), { target: { value: "改名" } });
    fireEvent.submit(form);
    await waitFor(() => expect(within(form).getByTestId("error-banner")).toHaveTextContent("无权执行此操作"));
    expect(api.calls("PATCH", `/orgs/${SCHOOL.id}`)).toHaveLength(1);
    expect(screen.getByTestId("org-edit-form")).toBeInTheDocument();
  });

  it("disables an org only after a confirming click, and enables it with one", async () => {
    const api = orgsApi();
    renderApp("/orgs", cityAdmin());
    const row = await schoolRow();

    fireEvent.click(within(row).getByTestId("org-toggle"));
    expect(row).toHaveTextContent("停用“鄂城区第一中学”后");
    expect(api.calls("PATCH", `/orgs/${SCHOOL.id}`)).toHaveLength(0);
    fireEvent.click(within(row).getByTestId("org-toggle-confirm"));

    await waitFor(async () => expect(await schoolRow()).toHaveAttribute("data-status", "disabled"));
    expect(api.calls("PATCH", `/orgs/${SCHOOL.id}`)[0]!.body).toEqual({ status: "disabled" });
    const disabled = await schoolRow();
    expect(within(disabled).queryByTestId("org-add-canteen")).toBeNull();

    fireEvent.click(within(disabled).getByTestId("org-toggle"));
    await waitFor(async () => expect(await schoolRow()).toHaveAttribute("data-status", "active"));
    expect(api.calls("PATCH", `/orgs/${SCHOOL.id}`)[1]!.body).toEqual({ status: "active" });
  });

  it("does not let an admin disable their own organisation", async () => {
    orgsApi();
    renderApp("/orgs", cityAdmin());
    const own = (await screen.findAllByTestId("org-row")).find((r) => r.textContent?.includes("鄂州市市场监督管理局"))!;
    expect(within(own).getByTestId("org-toggle")).toBeDisabled();
    expect(within(await schoolRow()).getByTestId("org-toggle")).not.toBeDisabled();
  });

  it("lists orgs read-only for someone without orgs.manage", async () => {
    const api = orgsApi();
    renderApp("/orgs", inspector());
    const row = await schoolRow();
    expect(row).toHaveTextContent("鄂城区第一中学");
    expect(screen.queryByTestId("org-form-open")).toBeNull();
    expect(screen.queryByTestId("org-edit")).toBeNull();
    expect(screen.queryByTestId("org-toggle")).toBeNull();
    expect(screen.queryByTestId("org-add-canteen")).toBeNull();
    expect(api.calls("PATCH", `/orgs/${SCHOOL.id}`)).toHaveLength(0);
  });
});
