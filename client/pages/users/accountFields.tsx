import type { Accessor, Setter } from "solid-js";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";

export interface AccountDraft {
  username: [Accessor<string>, Setter<string>];
  displayName: [Accessor<string>, Setter<string>];
  password: [Accessor<string>, Setter<string>];
}

/** Username, name and initial password: the fields every new account needs. */
export function AccountFields(props: { draft: AccountDraft }) {
  const [username, setUsername] = props.draft.username;
  const [displayName, setDisplayName] = props.draft.displayName;
  const [password, setPassword] = props.draft.password;
  return (
    <div class="form-row">
      <Field label={t("users.username")} hint={t("users.usernameHint")}>
        <input
          data-testid="user-username"
          required
          autocomplete="off"
          autocapitalize="none"
          pattern="[A-Za-z0-9_.\-]{3,32}"
          value={username()}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
      </Field>
      <Field label={t("users.displayName")}>
        <input data-testid="user-display-name" required maxLength={50} value={displayName()} onInput={(e) => setDisplayName(e.currentTarget.value)} />
      </Field>
      <Field label={t("users.password")} hint={t("users.passwordHint")}>
        <input
          data-testid="user-password"
          type="password"
          required
          minLength={10}
          maxLength={128}
          autocomplete="new-password"
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </Field>
    </div>
  );
}
