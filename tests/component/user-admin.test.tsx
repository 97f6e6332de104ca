import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { grantableRoles } from "../../server/auth/permissions.ts";
import type { Membership, Org, Role, User } from "../../client/types.ts";
import { apiError, mockApi, ok } from "./support/api.ts";
import { cityAdmin, inspector } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

const org = (id: string, name: string, kind: Org["kind"]): Org => ({
  id,
  kind,
  name,
  regionCode: "420704",
  regionName: "鄂城区",
  creditCode: null,
  status: "active",
  createdAt: "2026-09-01T08:00:00.000+08:00",
  position: null,
});
const SCHOOL = org("org_school000001", "鄂城区第一中学", "school");
const SUPPLIER = org("org_supplier0001", "鄂城区放心粮油配送有限公司", "supplier");
const ORGS = [SCHOOL, SUPPLIER, org("org_echeng000001", "鄂州市鄂城区市场监督管理局", "regulator")];

const membership = (id: string, o: Org, role: Role): Membership => ({ id, orgId: o.id, orgName: o.name, orgKind: o.kind, regionCode: o.regionCode, regionName: o.regionName, regionLevel: "district", role });

const account = (id: string, username: string, memberships: Membership[], displayName = `职工 ${username}`): User => ({
  id,
  username,
  displayName,
  status: "active",
  createdAt: "2026-09-01T08:00:00.000+08:00",
  memberships,
});

const TEACHER = () => account("usr_teacher00001", "teacher.wang", [membership("mb_teacher00001", SCHOOL, "food_safety_officer")], "王老师");

/** The regulator admin's account page with one account, its editor opened. */
async function openEditor(username: string) {
  const row = await screen.findByTestId("user-row");
  await waitFor(() => expect(screen.getByTestId("user-row")).toHaveAttribute("data-username", username));
  fireEvent.click(within(row).getByTestId("user-edit"));
  return screen.findByTestId("user-editor");
}

const optionValues = (select: HTMLElement) => Array.from((select as HTMLSelectElement).options).map((o) => o.value);

describe("account management (regulator admin)", () => {
  useCleanSlate();

  it("adds a membership, offering only the roles the chosen org's kind can hold", async () => {
    const api = mockApi({
      "GET /users": () => ok({ items: [TEACHER()], nextCursor: null }),
      "GET /orgs": () => ok({ items: ORGS, nextCursor: null }),
      "POST /memberships": (req) => {
        const target = ORGS.find((o) => o.id === req.body.orgId)!;
        return { status: 201, body: { ...TEACHER(), memberships: [...TEACHER().memberships, membership("mb_added000001", target, req.body.role)] } };
      },
    });
    renderApp("/users", cityAdmin());
    const editor = await openEditor("teacher.wang");
    const form = within(editor).getByTestId("membership-form");
    const orgSelect = within(form).getByTestId("membership-org");
    await waitFor(() => expect(optionValues(orgSelect)).toContain(SUPPLIER.id));

    fireEvent.change(orgSelect, { target: { value: SCHOOL.id } });
    await waitFor(() => expect(optionValues(within(form).getByTestId("membership-role"))).toEqual(grantableRoles("regulator_admin", "school")));

    fireEvent.change(orgSelect, { target: { value: SUPPLIER.id } });
    const roleSelect = within(form).getByTestId("membership-role") as HTMLSelectElement;
    await waitFor(() => expect(optionValues(roleSelect)).toEqual(grantableRoles("regulator_admin", "supplier")));
    expect(optionValues(roleSelect)).not.toContain("principal");

    fireEvent.change(roleSelect, { target: { value: "canteen_staff" } });
    fireEvent.submit(form);

    await waitFor(() => expect(within(editor).getAllByTestId("membership-item")).toHaveLength(2));
    expect(api.calls("POST", "/memberships")[0]!.body).toEqual({ userId: "usr_teacher00001", orgId: SUPPLIER.id, role: "canteen_staff" });
    expect(screen.getByTestId("user-memberships")).toHaveTextContent("鄂城区放心粮油配送有限公司 · 食堂从业人员");
  });

  it("removes a membership only on the second, confirming click, and never the last one", async () => {
    const twoRoles = account("usr_teacher00001", "teacher.wang", [membership("mb_first0000001", SCHOOL, "food_safety_officer"), membership("mb_second000001", SUPPLIER, "canteen_staff")]);
    const api = mockApi({
      "GET /users": () => ok({ items: [twoRoles], nextCursor: null }),
      "GET /orgs": () => ok({ items: ORGS, nextCursor: null }),
      "DELETE /memberships/:id": () => ok({ ok: true }),
    });
    renderApp("/users", cityAdmin());
    const editor = await openEditor("teacher.wang");

    const second = within(editor).getAllByTestId("membership-item")[1]!;
    expect(second).toHaveAttribute("data-membership-id", "mb_second000001");
    fireEvent.click(within(second).getByTestId("membership-remove"));
    expect(second).toHaveTextContent("确定移除“鄂城区放心粮油配送有限公司 · 食堂从业人员”吗？");
    expect(api.calls("DELETE", "/memberships/mb_second000001")).toHaveLength(0);

    fireEvent.click(within(second).getByTestId("membership-remove-confirm"));

    await waitFor(() => expect(within(editor).getAllByTestId("membership-item")).toHaveLength(1));
    expect(api.calls("DELETE", "/memberships/mb_second000001")).toHaveLength(1);
    expect(screen.getByTestId("user-memberships")).not.toHaveTextContent("配送");
    // one role left: it stays, with the reason
    expect(within(editor).queryByTestId("membership-remove")).toBeNull();
    expect(editor).toHaveTextContent("账号至少保留一个单位角色");
  });

  it("renames an account and resets its password; a too-short password never leaves the browser", async () => {
    const api = mockApi({
      "GET /users": () => ok({ items: [TEACHER()], nextCursor: null }),
      "GET /orgs": () => ok({ items: ORGS, nextCursor: null }),
      "PATCH /users/:id": (req) => ok({ ...TEACHER(), ...(req.body.displayName ? { displayName: req.body.displayName } : {}) }),
    });
    renderApp("/users", cityAdmin());
    const editor = await openEditor("teacher.wang");

    fireEvent.input(within(editor).getByTestId("user-rename-input"), { target: { value: "  王建国 " } });
    fireEvent.submit(within(editor).getByTestId("user-rename-form"));
    await waitFor(() => expect(screen.getByTestId("user-display-name-cell")).toHaveTextContent("王建国"));
    expect(api.calls("PATCH", "/users/usr_teacher00001")[0]!.body).toEqual({ displayName: "王建国" });
    // the row came back changed, and its editor stayed open with the notice
    await waitFor(() => expect(within(screen.getByTestId("user-editor")).getByTestId("user-rename-form")).toHaveTextContent("姓名已更新"));
    expect((within(screen.getByTestId("user-editor")).getByTestId("user-rename-input") as HTMLInputElement).value).toBe("  王建国 ");

    const passwordForm = within(screen.getByTestId("user-editor")).getByTestId("password-form");
    fireEvent.input(within(passwordForm).getByTestId("password-input"), { target: { value: "short" } });
    fireEvent.submit(passwordForm);
    expect(await within(passwordForm).findByTestId("error-banner")).toHaveTextContent("新密码: 须为 10–128 位");
    expect(api.calls("PATCH", "/users/usr_teacher00001")).toHaveLength(1);

    fireEvent.input(within(passwordForm).getByTestId("password-input"), { target: { value: "a-much-longer-secret" } });
    fireEvent.submit(passwordForm);
    await waitFor(() => expect(api.calls("PATCH", "/users/usr_teacher00001")).toHaveLength(2));
    expect(api.calls("PATCH", "/users/usr_teacher00001")[1]!.body).toEqual({ password: "a-much-longer-secret" });
    expect(await within(passwordForm).findByRole("status")).toHaveTextContent("密码已重置");
    expect(within(passwordForm).queryByTestId("error-banner")).toBeNull();
    expect((within(passwordForm).getByTestId("password-input") as HTMLInputElement).value).toBe("");
  });

  it("shows the server's message and each detail when it refuses", async () => {
    mockApi({
      "GET /users": () => ok({ items: [TEACHER()], nextCursor: null }),
      "GET /orgs": () => ok({ items: ORGS, nextCursor: null }),
      "POST /memberships": () => apiError(409, "conflict", "该成员关系已存在"),
      "PATCH /users/:id": () => apiError(400, "validation_failed", "请求内容不符合要求", [{ path: "displayName", message: "字符串长度不能超过 50" }]),
    });
    renderApp("/users", cityAdmin());
    const editor = await openEditor("teacher.wang");

    fireEvent.input(within(editor).getByTestId("user-rename-input"), { target: { value: "王建国" } });
    fireEvent.submit(within(editor).getByTestId("user-rename-form"));
    const banner = await within(within(editor).getByTestId("user-rename-form")).findByTestId("error-banner");
    expect(banner).toHaveTextContent("请求内容不符合要求");
    expect(within(banner).getByRole("listitem")).toHaveTextContent("displayName: 字符串长度不能超过 50");
    expect(screen.getByTestId("user-display-name-cell")).toHaveTextContent("王老师");

    const form = within(editor).getByTestId("membership-form");
    await waitFor(() => expect(optionValues(within(form).getByTestId("membership-org"))).toContain(SCHOOL.id));
    fireEvent.change(within(form).getByTestId("membership-org"), { target: { value: SCHOOL.id } });
    fireEvent.submit(form);
    expect(await within(form).findByTestId("error-banner")).toHaveTextContent("该成员关系已存在");
    expect(within(editor).getAllByTestId("membership-item")).toHaveLength(1);
  });

  it("keeps an admin from disabling their own account or removing their own roles", async () => {
    const me = cityAdmin();
    const self = account(me.id, "ezhou.admin", [...me.memberships, membership("mb_extra0000001", SCHOOL, "inspector")], me.displayName);
    mockApi({ "GET /users": () => ok({ items: [self], nextCursor: null }), "GET /orgs": () => ok({ items: ORGS, nextCursor: null }) });
    renderApp("/users", me);
    const editor = await openEditor("ezhou.admin");

    expect(screen.getByTestId("user-toggle")).toBeDisabled();
    expect(within(editor).getAllByTestId("membership-item")).toHaveLength(2);
    expect(within(editor).queryByTestId("membership-remove")).toBeNull();
  });

  it("shows nothing to manage to someone without users.manage", async () => {
    const api = mockApi({ "GET /users": () => ok({ items: [TEACHER()], nextCursor: null }) });
    renderApp("/users", inspector());

    expect(await screen.findByTestId("dead-end")).toHaveTextContent("无权访问此页面");
    expect(screen.queryByTestId("user-form-open")).toBeNull();
    expect(screen.queryByTestId("user-table")).toBeNull();
    expect(api.calls("GET", "/users")).toHaveLength(0);
  });
});
