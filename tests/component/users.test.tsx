import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { User } from "../../client/types.ts";
import { apiError, mockApi, ok } from "./support/api.ts";
import { principal } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

const SCHOOL_ID = principal().memberships[0]!.orgId;

const parentUser = (username: string, status: "active" | "disabled" = "active"): User => ({
  id: `usr_${username.replace(/\W/g, "")}`,
  username,
  displayName: `家长 ${username}`,
  status,
  createdAt: "2026-09-01T08:00:00.000+08:00",
  memberships: [{ id: "mb_parent00001", orgId: SCHOOL_ID, orgName: "鄂城区第一中学", orgKind: "school", regionCode: "420704", regionName: "鄂城区", regionLevel: "district", role: "parent_rep" }],
});

describe("principal's parent accounts", () => {
  useCleanSlate();

  it("lists only the school's parent representatives and creates one with role parent_rep", async () => {
    const api = mockApi({
      "GET /users": () => ok({ items: [parentUser("school.parent")], nextCursor: null }),
      "POST /users": (req) => ({ status: 201, body: parentUser(req.body.username) }),
    });
    renderApp("/users", principal());

    await screen.findByTestId("parents-page");
    await waitFor(() => expect(screen.getAllByTestId("user-row")).toHaveLength(1));
    const list = api.calls("GET", "/users")[0]!;
    expect(list.url.searchParams.get("orgId")).toBe(SCHOOL_ID);
    expect(list.url.searchParams.get("role")).toBe("parent_rep");

    fireEvent.input(screen.getByTestId("user-username"), { target: { value: "parent.li" } });
    fireEvent.input(screen.getByTestId("user-display-name"), { target: { value: "家长 李" } });
    fireEvent.input(screen.getByTestId("user-password"), { target: { value: "long-enough-pw" } });
    fireEvent.submit(screen.getByTestId("parent-form"));

    await waitFor(() => expect(screen.getAllByTestId("user-row")).toHaveLength(2));
    expect(api.calls("POST", "/users")[0]!.body).toEqual({ username: "parent.li", displayName: "家长 李", password: "long-enough-pw", orgId: SCHOOL_ID, role: "parent_rep" });
    expect(screen.getByRole("status")).toHaveTextContent("parent.li");
  });

  it("disables an account and shows the server's refusal when there is one", async () => {
    let refuse = false;
    const api = mockApi({
      "GET /users": () => ok({ items: [parentUser("school.parent")], nextCursor: null }),
      "PATCH /users/:id": (req) => (refuse ? apiError(403, "forbidden", "无权执行此操作") : ok(parentUser("school.parent", req.body.status))),
    });
    renderApp("/users", principal());
    const row = await screen.findByTestId("user-row");

    fireEvent.click(within(row).getByTestId("user-toggle"));
    await waitFor(() => expect(screen.getByTestId("user-row")).toHaveAttribute("data-status", "disabled"));
    expect(api.calls("PATCH", "/users/usr_schoolparent")[0]!.body).toEqual({ status: "disabled" });

    refuse = true;
    fireEvent.click(within(screen.getByTestId("user-row")).getByTestId("user-toggle"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("无权执行此操作");
    expect(screen.getByTestId("user-row")).toHaveAttribute("data-status", "disabled");
  });

  it("resets a parent's password, and offers no renaming or roles", async () => {
    const api = mockApi({
      "GET /users": () => ok({ items: [parentUser("school.parent")], nextCursor: null }),
      "PATCH /users/:id": (req) => (req.body.password === "rejected-by-server" ? apiError(403, "forbidden", "无权执行此操作") : ok(parentUser("school.parent"))),
    });
    renderApp("/users", principal());
    const row = await screen.findByTestId("user-row");

    const open = within(row).getByTestId("user-edit");
    expect(open).toHaveTextContent("重置密码");
    fireEvent.click(open);
    const form = await screen.findByTestId("password-form");
    expect(screen.queryByTestId("user-rename-form")).toBeNull();
    expect(screen.queryByTestId("membership-form")).toBeNull();
    expect(screen.queryByTestId("membership-list")).toBeNull();

    fireEvent.input(within(form).getByTestId("password-input"), { target: { value: "new-parent-pw-2026" } });
    fireEvent.submit(form);
    expect(await within(form).findByRole("status")).toHaveTextContent("密码已重置");
    expect(api.calls("PATCH", "/users/usr_schoolparent")[0]!.body).toEqual({ password: "new-parent-pw-2026" });

    fireEvent.input(within(form).getByTestId("password-input"), { target: { value: "rejected-by-server" } });
    fireEvent.submit(form);
    expect(await within(form).findByTestId("error-banner")).toHaveTextContent("无权执行此操作");
    expect(within(form).queryByRole("status")).toBeNull();
  });
});
