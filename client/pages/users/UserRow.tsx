import { type Accessor, createSignal, For, type JSX, Show } from "solid-js";
import { accountStatusLabel, roleLabel, t } from "../../i18n/index.ts";
import { me } from "../../stores/session.ts";
import type { User } from "../../types.ts";

export interface UserRowProps {
  user: User;
  showMemberships: boolean;
  busy: boolean;
  onToggle: (user: User) => void;
  /** what opens under the row from its edit button (labelled editLabel); none: no button */
  editor?: (user: Accessor<User>) => JSX.Element;
  editLabel?: string;
}

/** One account: name, username, roles, status; disable/enable, and an editor that opens below the row. */
export function UserRow(props: UserRowProps) {
  const [open, setOpen] = createSignal(false);
  const self = () => props.user.id === me()?.id;
  return (
    <>
      <tr data-testid="user-row" data-username={props.user.username} data-status={props.user.status}>
        <td data-label={t("users.displayName")} data-testid="user-display-name-cell">
          {props.user.displayName}
        </td>
        <td data-label={t("users.username")}>
          <code>{props.user.username}</code>
        </td>
        <Show when={props.showMemberships}>
          <td data-label={t("users.memberships")} data-testid="user-memberships">
            <For each={props.user.memberships}>
              {(m) => (
                <div>
                  {m.orgName} · {roleLabel(m.role)}
                </div>
              )}
            </For>
          </td>
        </Show>
        <td data-label={t("common.status")}>
          <span class={props.user.status === "active" ? "badge badge-online" : "badge badge-offline"}>{accountStatusLabel(props.user.status)}</span>
        </td>
        <td data-label={t("common.actions")} class="row-actions">
          <Show when={props.editor}>
            <button type="button" data-testid="user-edit" aria-expanded={open()} onClick={() => setOpen(!open())}>
              {open() ? t("common.dismiss") : props.editLabel}
            </button>
          </Show>
          <button
            type="button"
            class={props.user.status === "active" ? "button-danger" : ""}
            data-testid="user-toggle"
            disabled={props.busy || self()}
            title={self() ? t("users.self") : undefined}
            onClick={() => props.onToggle(props.user)}
          >
            {props.user.status === "active" ? t("users.disable") : t("users.enable")}
          </button>
        </td>
      </tr>
      <Show when={open() && props.editor}>
        {(editor) => (
          <tr class="editor-row" data-testid="user-editor-row">
            <td colSpan={props.showMemberships ? 5 : 4}>{editor()(() => props.user)}</td>
          </tr>
        )}
      </Show>
    </>
  );
}
