/**
 * The clock: the only place in server/ that reads the system time. Everything else asks `nowOf(deps)`, so a
 * test can inject `deps.now` and move time for deadlines, escalation and sweeps.
 */
export const systemNow = (): number => Date.now();

export const nowOf = (deps: { now?: () => number }): number => (deps.now ?? systemNow)();
