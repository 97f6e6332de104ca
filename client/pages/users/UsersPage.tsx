import { Show } from "solid-js";
import { t } from "../../i18n/index.ts";
import { can, hasRole, me } from "../../stores/session.ts";
import { AccountsPage } from "./AccountsPage.tsx";
import { ParentAccountsPage } from "./ParentAccountsPage.tsx";

/** /users: regulator admins manage accounts; a principal manages only their school's parent representatives; others see nothing here. */
export function UsersPage() {
  return (
    <Show
      when={can("users.manage")}
      fallback={
        <p class="page empty" data-testid="no-access">
          {t("common.noAccess")}
        </p>
      }
    >
      <Show when={hasRole(me(), "regulator_admin")} fallback={<ParentAccountsPage />}>
        <AccountsPage />
      </Show>
    </Show>
  );
}
