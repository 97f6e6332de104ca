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

let webRtcWarmed = false;

/**
 * The browser's WebRTC engine starts on the first peer connection of a page, and the first room paid for that
 * inside its connect (a fresh browser: ~0.1–0.2 s). A throwaway connection with an offer starts it ahead of the
 * click; once per page, and nothing leaves the machine (no ICE server, closed at once).
 */
export function warmWebRtc(): void {
  if (webRtcWarmed || typeof RTCPeerConnection === "undefined") return;
  webRtcWarmed = true;
  try {
    const pc = new RTCPeerConnection();
    pc.createDataChannel("warm-up");
    void pc
      .createOffer()
      .catch(() => undefined)
      .finally(() => pc.close());
  } catch {
    // a browser that refuses: the room starts the engine itself, as before
  }
}
