import { createSignal, Show } from "solid-js";
import { createAction } from "../../action.ts";
import { updateUser } from "../../api/accounts.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import type { User } from "../../types.ts";
import { checkName, formProblems, RULES } from "../../validate.ts";

/** Renames an account (its display name; the username never changes). */
export function UserNameForm(props: { user: User; onUpdated: (user: User) => void }) {
  const [name, setName] = createSignal(props.user.displayName);
  const [done, setDone] = createSignal(false);
  const action = createAction();

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setDone(false);
    const ok = await action.run(async () => {
      props.onUpdated(await updateUser(props.user.id, { displayName: name().trim() }));
    }, formProblems(["users.displayName", checkName(name(), RULES.displayNameMax)]));
    setDone(ok);
  }

  return (
    <form class="editor-section" data-testid="user-rename-form" onSubmit={submit}>
      <ErrorBanner error={action.error()} />
      <Show when={done()}>
        <p class="notice" role="status">
          {t("users.renamed")}
        </p>
      </Show>
      <div class="form-inline">
        <Field label={t("users.rename")}>
          <input data-testid="user-rename-input" required maxLength={RULES.displayNameMax} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <button type="submit" data-testid="user-rename-save" disabled={action.busy()}>
          {t("common.save")}
        </button>
      </div>
    </form>
  );
}
