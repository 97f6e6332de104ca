import { t } from "../../i18n/index.ts";
import type { User } from "../../types.ts";
import { MembershipForm } from "./MembershipForm.tsx";
import { MembershipList } from "./MembershipList.tsx";
import { PasswordForm } from "./PasswordForm.tsx";
import { UserNameForm } from "./UserNameForm.tsx";

/** A regulator admin's tools for one account: name, password, and its roles in organisations. */
export function UserEditor(props: { user: User; onUpdated: (user: User) => void }) {
  return (
    <div class="editor" data-testid="user-editor">
      <UserNameForm user={props.user} onUpdated={props.onUpdated} />
      <PasswordForm user={props.user} onUpdated={props.onUpdated} />
      <h4>{t("users.memberships")}</h4>
      <MembershipList user={props.user} onUpdated={props.onUpdated} />
      <MembershipForm user={props.user} onUpdated={props.onUpdated} />
    </div>
  );
}
