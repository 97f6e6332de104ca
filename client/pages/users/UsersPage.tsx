import { Show } from "solid-js";
import { hasRole, me } from "../../session.ts";
import { AccountsPage } from "./AccountsPage.tsx";
import { ParentAccountsPage } from "./ParentAccountsPage.tsx";

/** /users: regulator admins manage accounts; a principal manages only their school's parent representatives. */
export function UsersPage() {
  return (
    <Show when={hasRole(me(), "regulator_admin")} fallback={<ParentAccountsPage />}>
      <AccountsPage />
    </Show>
  );
}
