import { createMemoryHistory, MemoryRouter } from "@solidjs/router";
import { cleanup, render } from "@solidjs/testing-library";
import { afterEach, beforeEach, vi } from "vitest";
import { routes } from "../../../client/App.tsx";
import { setLang } from "../../../client/i18n/index.ts";
import { resetSession } from "../../../client/stores/session.ts";
import type { Me } from "../../../client/types.ts";

// jsdom has no scrolling; the router scrolls to the top on navigation
window.scrollTo = () => undefined;

/** Fresh state for every test: signed out, zh-CN, nothing stored, real fetch restored. */
export function useCleanSlate() {
  beforeEach(() => {
    localStorage.clear();
    setLang("zh-CN");
    // signed out first: a live room the last test left parked (client/live/roomKeeper.ts) closes
    resetSession(null);
    resetSession(undefined);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });
}

/** The whole app (real routes, real Shell) at `path`, optionally already signed in as `me`. */
export function renderApp(path: string, me?: Me | null) {
  if (me !== undefined) resetSession(me);
  const history = createMemoryHistory();
  history.set({ value: path, scroll: false, replace: true });
  const result = render(() => <MemoryRouter history={history}>{routes}</MemoryRouter>);
  return { ...result, history, location: () => history.get() };
}
