/**
 * Runs `flush` at most once per animation frame however often `schedule` is called: pointer events come
 * faster than the screen refreshes, and one small packet per frame is all the others can draw anyway.
 */
export function rafBatch(flush: () => void) {
  let pending = false;
  const raf = globalThis.requestAnimationFrame?.bind(globalThis) ?? ((cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 16));
  return {
    schedule() {
      if (pending) return;
      pending = true;
      raf(() => {
        pending = false;
        flush();
      });
    },
    /** flushes now (the gesture ended: its last points must not wait) */
    now() {
      pending = false;
      flush();
    },
  };
}
