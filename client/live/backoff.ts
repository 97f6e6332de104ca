/** Waits between our own reconnection attempts (after the SDK gave up): 1 s, 2 s, 4 s, 8 s, then 15 s, ±20 %. */
const STEPS_MS = [1000, 2000, 4000, 8000, 15000];

export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = STEPS_MS[Math.min(attempt, STEPS_MS.length - 1)]!;
  return Math.round(base * (0.8 + 0.4 * random()));
}
