import { createSignal, Show } from "solid-js";
import { createAction } from "../../action.ts";
import { updateUser } from "../../api/accounts.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import type { User } from "../../types.ts";
import { checkPassword, formProblems, RULES } from "../../validate.ts";

/** Sets a new password for an account; the server then ends all of that account's sessions. */
export function PasswordForm(props: { user: User; onUpdated: (user: User) => void }) {
  const [password, setPassword] = createSignal("");
  const [done, setDone] = createSignal(false);
  const action = createAction();

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setDone(false);
    const ok = await action.run(async () => {
      props.onUpdated(await updateUser(props.user.id, { password: password() }));
      setPassword("");
    }, formProblems(["users.newPassword", checkPassword(password())]));
    setDone(ok);
  }

  return (
    <form class="editor-section" data-testid="password-form" onSubmit={submit}>
      <ErrorBanner error={action.error()} />
      <Show when={done()}>
        <p class="notice" role="status">
          {t("users.passwordReset")}
        </p>
      </Show>
      <div class="form-inline">
        <Field label={t("users.newPassword")} hint={t("users.passwordHint")}>
          <input
            data-testid="password-input"
            type="password"
            required
            minLength={RULES.passwordMin}
            maxLength={RULES.passwordMax}
            autocomplete="new-password"
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" data-testid="password-save" disabled={action.busy()}>
          {t("users.resetPassword")}
        </button>
      </div>
    </form>
  );
}
