import { createSignal, Show } from "solid-js";
import { createUser } from "../../api/accounts.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import type { Role, User } from "../../types.ts";
import { AccountFields } from "./accountFields.tsx";
import { OrgRolePicker } from "./OrgRolePicker.tsx";
import { createAction } from "../../action.ts";

/** A regulator admin creates an account with one membership: an org found by name, and a role that org can hold. */
export function UserForm(props: { onCreated: (user: User) => void }) {
  const draft = { username: createSignal(""), displayName: createSignal(""), password: createSignal("") };
  const grant = { orgId: createSignal(""), role: createSignal<Role | "">("") };
  const { busy, error, run } = createAction();
  const [notice, setNotice] = createSignal("");

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setNotice("");
    await run(async () => {
      const user = await createUser({
        username: draft.username[0]().trim(),
        displayName: draft.displayName[0]().trim(),
        password: draft.password[0](),
        orgId: grant.orgId[0](),
        role: grant.role[0]() as Role, // "" when none: the server names the field
      });
      props.onCreated(user);
      setNotice(t("users.created", { username: user.username }));
      draft.username[1]("");
      draft.displayName[1]("");
      draft.password[1]("");
    });
  }

  return (
    <form class="card form" data-testid="user-form" onSubmit={submit}>
      <h3>{t("users.create")}</h3>
      <ErrorBanner error={error()} />
      <Show when={notice()}>
        <p class="notice" role="status">
          {notice()}
        </p>
      </Show>
      <AccountFields draft={draft} />
      <OrgRolePicker draft={grant} testid="user" />
      <button type="submit" class="button-primary" data-testid="user-create" disabled={busy() || !grant.orgId[0]() || !grant.role[0]()}>
        {t("common.create")}
      </button>
    </form>
  );
}
