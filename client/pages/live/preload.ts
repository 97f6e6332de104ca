/**
 * The live page's code (it carries the LiveKit SDK) as one import that the router's lazy route and the preloads
 * share: fetched once, when the browser is idle after sign-in or when a 实时查看 link is hovered, so that the
 * click finds it ready (issue 11, item 18: the first open in a fresh browser paid for its download).
 */
export const importLivePage = () => import("./LivePage.tsx");

/** Fetches it when the browser has nothing better to do (never in an environment without idle callbacks). */
export function preloadLivePageWhenIdle(): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number }).requestIdleCallback;
  idle?.(() => void importLivePage().catch(() => undefined), { timeout: 3000 });
}
