import { For, Show } from "solid-js";
import { accountStatusLabel, roleLabel, t } from "../../i18n/index.ts";
import type { User } from "../../types.ts";

/** Accounts with their organisations and roles, and a button to disable or re-enable each. */
export function UserTable(props: { users: User[]; busyId?: string; showMemberships: boolean; onToggle: (user: User) => void }) {
  return (
    <table class="table table-cards" data-testid="user-table">
      <thead>
        <tr>
          <th>{t("users.displayName")}</th>
          <th>{t("users.username")}</th>
          <Show when={props.showMemberships}>
            <th>{t("users.memberships")}</th>
          </Show>
          <th>{t("common.status")}</th>
          <th>{t("common.actions")}</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.users}>
          {(user) => (
            <tr data-testid="user-row" data-username={user.username} data-status={user.status}>
              <td data-label={t("users.displayName")}>{user.displayName}</td>
              <td data-label={t("users.username")}>
                <code>{user.username}</code>
              </td>
              <Show when={props.showMemberships}>
                <td data-label={t("users.memberships")}>
                  <For each={user.memberships}>
                    {(m) => (
                      <div>
                        {m.orgName} · {roleLabel(m.role)}
                      </div>
                    )}
                  </For>
                </td>
              </Show>
              <td data-label={t("common.status")}>
                <span class={user.status === "active" ? "badge badge-online" : "badge badge-offline"}>{accountStatusLabel(user.status)}</span>
              </td>
              <td data-label={t("common.actions")} class="row-actions">
                <button
                  type="button"
                  class={user.status === "active" ? "button-danger" : ""}
                  data-testid="user-toggle"
                  disabled={props.busyId === user.id}
                  onClick={() => props.onToggle(user)}
                >
                  {user.status === "active" ? t("users.disable") : t("users.enable")}
                </button>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
