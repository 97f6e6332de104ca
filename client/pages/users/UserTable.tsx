import { createMemo, For, Show } from "solid-js";
import { t } from "../../i18n/index.ts";
import type { User } from "../../types.ts";
import { UserRow, type UserRowProps } from "./UserRow.tsx";

/**
 * Accounts with their organisations and roles. Rows are keyed by id, so an open editor stays open (with
 * its notices) when its account comes back changed from the server.
 */
export function UserTable(props: { users: User[]; busyId?: string } & Omit<UserRowProps, "user" | "busy">) {
  const byId = createMemo(() => new Map(props.users.map((u) => [u.id, u])));
  const ids = createMemo(() => props.users.map((u) => u.id));
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
        <For each={ids()}>
          {(id) => (
            <Show when={byId().get(id)}>
              {(user) => (
                <UserRow
                  user={user()}
                  busy={props.busyId === id}
                  showMemberships={props.showMemberships}
                  onToggle={props.onToggle}
                  editor={props.editor}
                  editLabel={props.editLabel}
                />
              )}
            </Show>
          )}
        </For>
      </tbody>
    </table>
  );
}
