/**
 * The live page's code (it carries the LiveKit SDK) as one import that the router's lazy route and the preloads
 * share: fetched once, when the browser is idle after sign-in or when a 实时查看 link is hovered, so that the
 * click finds it ready (issue 11, item 18: the first open in a fresh browser paid for its download).
 */
export const importLivePage = () =>
  import("./LivePage.tsx").then((m) => {
    loaded = m;
    return m;
  });

/** the page's module once fetched (a type-only reference: nothing of it is in the main bundle) */
let loaded: typeof import("./LivePage.tsx") | undefined;

/**
 * The click on a 实时查看 link, before the page renders: when the page's code is here already, its room is entered
 * now (the connection runs while the page is drawn); otherwise the page enters it when it mounts.
 */
export function enterLiveRoomOnTheWay(canteenId: string): void {
  loaded?.enterLiveRoomEarly(canteenId);
}

/** Fetches it when the browser has nothing better to do (never in an environment without idle callbacks). */
export function preloadLivePageWhenIdle(): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number }).requestIdleCallback;
  idle?.(() => void importLivePage().catch(() => undefined), { timeout: 3000 });
}

let webRtcWarmed = false;

/**
 * The browser's WebRTC engine starts on the first peer connection of a page, and the first room paid for that
 * inside its connect: the engine, the audio and video codec factories its first offer enumerates, and the first
 * ICE gathering (a fresh browser: ~0.1–0.2 s in all). A throwaway connection with a receive-only audio and video
 * transceiver, whose offer is set locally, starts all three ahead of the click. Once per page; nothing leaves the
 * machine (no ICE server: host candidates only, never sent anywhere), closed once gathering ends or after 2 s.
 */
export function warmWebRtc(): void {
  if (webRtcWarmed || typeof RTCPeerConnection === "undefined") return;
  webRtcWarmed = true;
  try {
    const pc = new RTCPeerConnection();
    pc.addTransceiver("audio", { direction: "recvonly" });
    pc.addTransceiver("video", { direction: "recvonly" });
    pc.createDataChannel("warm-up");
    const done = () => pc.close();
    const timer = setTimeout(done, 2000);
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState !== "complete") return;
      clearTimeout(timer);
      done();
    });
    void pc
      .createOffer()
      .then((offer) => pc.setLocalDescription(offer))
      .catch(done);
  } catch {
    // a browser that refuses: the room starts the engine itself, as before
  }
}
