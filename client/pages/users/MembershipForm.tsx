import { createSignal } from "solid-js";
import { createAction } from "../../action.ts";
import { addMembership } from "../../api/accounts.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import type { Role, User } from "../../types.ts";
import { OrgRolePicker } from "./OrgRolePicker.tsx";

/** Gives an existing account one more role in an organisation (POST /memberships). */
export function MembershipForm(props: { user: User; onUpdated: (user: User) => void }) {
  const grant = { orgId: createSignal(""), role: createSignal<Role | "">("") };
  const action = createAction();

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    return action.run(async () => {
      props.onUpdated(await addMembership({ userId: props.user.id, orgId: grant.orgId[0](), role: grant.role[0]() as Role /* "" when none: the server names the field */ }));
    });
  };

  return (
    <form class="editor-section form" data-testid="membership-form" onSubmit={submit}>
      <h4>{t("users.addMembership")}</h4>
      <ErrorBanner error={action.error()} />
      <OrgRolePicker draft={grant} testid="membership" />
      <button type="submit" data-testid="membership-add" disabled={action.busy() || !grant.orgId[0]() || !grant.role[0]()}>
        {t("users.add")}
      </button>
    </form>
  );
}
