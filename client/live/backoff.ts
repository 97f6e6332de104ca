/** Waits between our own reconnection attempts (after the SDK gave up): 1 s, 2 s, 4 s, 8 s, then 15 s, ±20 %. */
const STEPS_MS = [1000, 2000, 4000, 8000, 15000];

export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = STEPS_MS[Math.min(attempt, STEPS_MS.length - 1)]!;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * The one pending retry of a connection and how many failed in a row, shared by every LiveKit connection of
 * the client (the canteen room, the ops feed): each failure waits longer (retryDelayMs), a success starts over.
 */
export function createRetryTimer(retry: () => void) {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    /** runs `retry` after the next wait; answers when that is (ms since epoch) */
    schedule(): number {
      clearTimeout(timer);
      const delay = retryDelayMs(attempt++);
      timer = setTimeout(retry, delay);
      return Date.now() + delay;
    },
    /** drops the pending retry, if any */
    cancel() {
      clearTimeout(timer);
    },
    /** connected (or asked to retry at once): the next failure waits the shortest time again */
    reset() {
      attempt = 0;
    },
  };
}
