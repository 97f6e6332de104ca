import { A, type RouteSectionProps, useLocation, useNavigate } from "@solidjs/router";
import { createEffect, createSignal, Match, onMount, Show, Switch } from "solid-js";
import { t } from "../i18n/index.ts";
import { preloadLivePageWhenIdle } from "../pages/live/preload.ts";
import { loadMe, logout, logoutEverywhere, me, primaryMembership, sessionError } from "../stores/session.ts";
import { ErrorBanner } from "./ErrorBanner.tsx";
import { LangToggle } from "./LangToggle.tsx";
import { Nav } from "./Nav.tsx";
import { ViewingReminder } from "../pages/viewing/ViewingReminder.tsx";

/** The signed-in frame: header (name, org, language, sign out), navigation, and the page. */
export function Shell(props: RouteSectionProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = createSignal(false);
  const [leaving, setLeaving] = createSignal(false);

  onMount(() => {
    if (me() === undefined) void loadMe();
  });
  // whoever may watch a canteen live gets the live page's code while the browser is idle
  createEffect(() => {
    if (me()?.permissions.includes("live.join")) preloadLivePageWhenIdle();
  });
  createEffect(() => {
    if (me() === null && !leaving()) navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  });

  async function signOut(everywhere = false) {
    if (everywhere && !globalThis.confirm(t("nav.logoutEverywhereConfirm"))) return;
    setLeaving(true);
    await (everywhere ? logoutEverywhere() : logout()).catch(() => undefined);
    navigate("/login", { replace: true });
  }

  return (
    <Switch fallback={<p class="page muted">{t("common.loading")}</p>}>
      <Match when={sessionError()}>
        <section class="page">
          <ErrorBanner error={sessionError()} />
          <button type="button" onClick={() => void loadMe()}>
            {t("common.retry")}
          </button>
        </section>
      </Match>
      <Match when={me()}>
        {(user) => (
          <div class="shell">
            <header class="topbar">
              <button
                type="button"
                class="menu-toggle"
                data-testid="nav-toggle"
                aria-expanded={menuOpen()}
                aria-label={t("nav.menu")}
                onClick={() => setMenuOpen(!menuOpen())}
              >
                ☰
              </button>
              <A class="brand" href="/">
                {t("app.title")}
              </A>
              <div class="who" data-testid="current-user">
                <span class="who-name">{user().displayName}</span>
                <Show when={primaryMembership(user())}>{(m) => <span class="who-org">{m().orgName}</span>}</Show>
              </div>
              <div class="topbar-actions">
                <LangToggle />
                <button type="button" class="button-quiet" data-testid="logout" onClick={() => void signOut()}>
                  {t("nav.logout")}
                </button>
              </div>
            </header>
            <Nav me={user()} open={menuOpen()} onNavigate={() => setMenuOpen(false)} onSignOutEverywhere={() => void signOut(true)} />
            <main class="main">
              <Show when={user().permissions.includes("viewing.join")}>
                <ViewingReminder />
              </Show>
              {props.children}
            </main>
          </div>
        )}
      </Match>
    </Switch>
  );
}
