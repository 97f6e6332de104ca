/**
 * End-to-end tests set `window.__MCLL_TEST__ = true` before the page loads (Playwright addInitScript) to reach
 * the room from page.evaluate: stats, measurements, and attempts the UI does not offer (a parent publishing).
 * Nothing is exposed otherwise.
 */
export function exposeForTests(value: unknown): void {
  const w = globalThis as { __MCLL_TEST__?: boolean; __live?: unknown };
  if (w.__MCLL_TEST__) w.__live = value;
}
