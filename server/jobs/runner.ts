/**
 * The one runner for periodic work (the overdue sweeps of orders and alerts, and later ones). Every API
 * instance runs every job: the jobs themselves are idempotent across instances (each change is a conditional
 * UPDATE that only one instance wins), so the runner only has to tick — once at start, then every interval —
 * never run a job twice at once in this instance, keep a failed round from stopping the next, and not keep the
 * process alive.
 */
export interface Job {
  name: string;
  /** 0 or less: the job does not run in this instance (tests run it by hand) */
  intervalMs: number;
  run: () => Promise<unknown>;
  /** what to log after a round that did something (nothing is logged for null) */
  report?: (result: unknown) => string | null;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

declare const Deno: { unrefTimer(id: number): void } | undefined;

/** A timer that does not hold the process open, on Node (unref) and on Deno (unrefTimer). */
function unref(handle: unknown) {
  if (typeof handle === "object" && handle && "unref" in handle) (handle as { unref(): void }).unref();
  else if (typeof Deno !== "undefined" && typeof handle === "number") Deno.unrefTimer(handle);
}

export const systemTimers: Timers = {
  setInterval: (fn, ms) => {
    const handle = setInterval(fn, ms);
    unref(handle);
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/** Starts the jobs; returns the function that stops them all. */
export function startJobs(jobs: Job[], timers: Timers = systemTimers, log: Pick<Console, "log" | "warn"> = console): () => void {
  const stops = jobs.filter((j) => j.intervalMs > 0).map((job) => startJob(job, timers, log));
  return () => stops.forEach((stop) => stop());
}

function startJob(job: Job, timers: Timers, log: Pick<Console, "log" | "warn">): () => void {
  let running = false;
  let stopped = false;
  const tick = async () => {
    // a round still running when the next is due (a slow database) is not doubled up
    if (running || stopped) return;
    running = true;
    try {
      const result = await job.run();
      const line = job.report?.(result);
      if (line) log.log(`[jobs] ${job.name}: ${line}`);
    } catch (err) {
      log.warn(`[jobs] ${job.name} failed: ${describeFailure(err)}`);
    } finally {
      running = false;
    }
  };
  const handle = timers.setInterval(() => void tick(), job.intervalMs);
  void tick();
  return () => {
    stopped = true;
    timers.clearInterval(handle);
  };
}

/** The failure in one line: a query error's own message is the whole statement and its parameters, so its cause says why */
export function describeFailure(err: unknown): string {
  const error = err as Error & { cause?: Error & { code?: string } };
  const head = error.message.split("\n")[0]!.slice(0, 160);
  return error.cause ? `${head} — ${error.cause.code ?? error.cause.name}: ${error.cause.message}` : head;
}
