import { useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, onMount } from "solid-js";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { LangToggle } from "../../components/LangToggle.tsx";
import { t } from "../../i18n/index.ts";
import { homePath, me, signIn } from "../../stores/session.ts";
import { createAction } from "../../action.ts";

/** Only same-site paths are followed after sign-in (no open redirect through ?next=). */
const safeNext = (next: unknown) => (typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : undefined);

export function LoginPage() {
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const { busy, error, run } = createAction();

  onMount(() => {
    const user = me();
    if (user) navigate(homePath(user), { replace: true });
  });

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    await run(async () => {
      const user = await signIn({ username: username().trim(), password: password() });
      navigate(safeNext(search.next) ?? homePath(user), { replace: true });
    });
  }

  return (
    <div class="login-screen">
      <div class="login-lang">
        <LangToggle />
      </div>
      <form class="card login-card" data-testid="login-form" onSubmit={submit}>
        <h1>{t("app.title")}</h1>
        <p class="muted">{t("app.tagline")}</p>
        <h2>{t("login.title")}</h2>
        <ErrorBanner error={error()} />
        <Field label={t("login.username")}>
          <input
            name="username"
            data-testid="login-username"
            autocomplete="username"
            autocapitalize="none"
            required
            value={username()}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </Field>
        <Field label={t("login.password")}>
          <input
            name="password"
            type="password"
            data-testid="login-password"
            autocomplete="current-password"
            required
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="button-primary" data-testid="login-submit" disabled={busy()}>
          {busy() ? t("login.submitting") : t("login.submit")}
        </button>
      </form>
    </div>
  );
}
