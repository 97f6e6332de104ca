/** Exponential backoff (pure): 1 s, 2 s, 4 s … capped at 30 s by default. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** 0…1: each delay is shortened by up to this fraction, so many cameras do not retry in lockstep */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0 };

/** The delay before retry number `attempt` (0-based); `random` is injectable for tests. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const raw = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  return Math.round(raw * (1 - policy.jitter * random()));
}

/** Stateful helper: `next()` gives the next delay and counts the attempt; `reset()` after a success. */
export class Backoff {
  attempt = 0;
  constructor(
    readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}
  next(): number {
    return backoffDelay(this.attempt++, this.policy, this.random);
  }
  reset(): void {
    this.attempt = 0;
  }
}
