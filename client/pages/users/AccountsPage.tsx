import { createEffect, createSignal, For, on, Show } from "solid-js";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { roleLabel, t } from "../../i18n/index.ts";
import { ROLES, type Role } from "../../types.ts";
import { createUserList } from "./userList.ts";
import { UserEditor } from "./UserEditor.tsx";
import { UserForm } from "./UserForm.tsx";
import { UserTable } from "./UserTable.tsx";

/** Account management for regulator admins: every account with a membership in their region. */
export function AccountsPage() {
  const [role, setRole] = createSignal<Role | "">("");
  const [creating, setCreating] = createSignal(false);
  const users = createUserList(() => ({ role: role() }));
  createEffect(on(role, () => void users.list.reload()));

  return (
    <section class="page" data-testid="users-page">
      <div class="page-head">
        <h1>{t("users.title")}</h1>
        <button type="button" class="push button-primary" data-testid="user-form-open" aria-expanded={creating()} onClick={() => setCreating(!creating())}>
          {creating() ? t("common.cancel") : t("users.create")}
        </button>
      </div>
      <Show when={creating()}>
        <UserForm onCreated={users.prepend} />
      </Show>
      <div class="toolbar">
        <label class="inline-field">
          <span>{t("users.role")}</span>
          <select data-testid="user-role-filter" value={role()} onChange={(e) => setRole(e.currentTarget.value as Role | "")}>
            <option value="">{t("users.allRoles")}</option>
            <For each={ROLES}>{(r) => <option value={r}>{roleLabel(r)}</option>}</For>
          </select>
        </label>
      </div>
      <ErrorBanner error={users.list.error() ?? users.actionError()} />
      <UserTable
        users={users.list.items()}
        busyId={users.busyId()}
        showMemberships
        onToggle={(u) => void users.toggle(u)}
        editLabel={t("users.manage")}
        editor={(user) => <UserEditor user={user()} onUpdated={users.replace} />}
      />
      <Show when={!users.list.loading() && users.list.items().length === 0}>
        <p class="empty">{t("users.empty")}</p>
      </Show>
      <LoadMore cursor={users.list.nextCursor()} loading={users.list.loading()} onLoad={() => void users.list.loadMore()} />
    </section>
  );
}
