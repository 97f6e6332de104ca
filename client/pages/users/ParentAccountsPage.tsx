import { createEffect, createSignal, on, Show } from "solid-js";
import { createUser } from "../../api/accounts.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { t } from "../../i18n/index.ts";
import { me } from "../../stores/session.ts";
import { AccountFields } from "./accountFields.tsx";
import { PasswordForm } from "./PasswordForm.tsx";
import { createUserList } from "./userList.ts";
import { UserTable } from "./UserTable.tsx";
import { createAction } from "../../action.ts";

/** A principal's view of accounts: create, disable/enable and reset the password of their own school's parent representatives. */
export function ParentAccountsPage() {
  const school = () => me()?.memberships.find((m) => m.role === "principal" && m.orgKind === "school");
  const users = createUserList(() => ({ orgId: school()?.orgId, role: "parent_rep" }));
  createEffect(on(() => school()?.orgId, (id) => id && void users.list.reload()));

  const draft = { username: createSignal(""), displayName: createSignal(""), password: createSignal("") };
  const { busy, error, run } = createAction();
  const [notice, setNotice] = createSignal("");

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const org = school();
    if (!org) return;
    setNotice("");
    await run(async () => {
      const user = await createUser({
        username: draft.username[0]().trim(),
        displayName: draft.displayName[0]().trim(),
        password: draft.password[0](),
        orgId: org.orgId,
        role: "parent_rep",
      });
      users.prepend(user);
      setNotice(t("users.created", { username: user.username }));
      draft.username[1]("");
      draft.displayName[1]("");
      draft.password[1]("");
    });
  }

  return (
    <section class="page" data-testid="parents-page">
      <div class="page-head">
        <h1>{t("parents.title")}</h1>
        <Show when={school()}>{(s) => <span class="muted">{s().orgName}</span>}</Show>
      </div>
      <p class="muted">{t("parents.intro")}</p>
      <Show when={school()} fallback={<p class="empty">{t("parents.noSchool")}</p>}>
        <form class="card form" data-testid="parent-form" onSubmit={submit}>
          <h3>{t("parents.create")}</h3>
          <ErrorBanner error={error()} />
          <Show when={notice()}>
            <p class="notice" role="status">
              {notice()}
            </p>
          </Show>
          <AccountFields draft={draft} />
          <button type="submit" class="button-primary" data-testid="user-create" disabled={busy()}>
            {t("common.create")}
          </button>
        </form>
        <ErrorBanner error={users.list.error() ?? users.actionError()} />
        <Show when={users.list.items().length > 0} fallback={<Show when={!users.list.loading()}>{<p class="empty">{t("parents.empty")}</p>}</Show>}>
          <UserTable
            users={users.list.items()}
            busyId={users.busyId()}
            showMemberships={false}
            onToggle={(u) => void users.toggle(u)}
            editLabel={t("users.resetPassword")}
            editor={(user) => <PasswordForm user={user()} onUpdated={users.replace} />}
          />
        </Show>
        <LoadMore cursor={users.list.nextCursor()} loading={users.list.loading()} onLoad={() => void users.list.loadMore()} />
      </Show>
    </section>
  );
}
