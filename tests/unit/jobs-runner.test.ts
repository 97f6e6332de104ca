import { describe, expect, it, vi } from "vitest";
import { describeFailure, startJobs, type Timers } from "../../server/jobs/runner.ts";

/** Timers the test fires by hand: no waiting on the wall clock. */
function manualTimers() {
  const intervals = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    setInterval: (fn, ms) => (intervals.set(next, { fn, ms }), next++),
    clearInterval: (h) => void intervals.delete(h as number),
  };
  return { timers, intervals, fire: () => [...intervals.values()].forEach((i) => i.fn()) };
}
const quiet = { log: vi.fn(), warn: vi.fn() };
const flush = () => new Promise((r) => setImmediate(r));

describe("the job runner", () => {
  it("runs a job at once, then on every tick of its interval", async () => {
    const t = manualTimers();
    const run = vi.fn(async () => null);
    const stop = startJobs([{ name: "a", intervalMs: 60_000, run }], t.timers, quiet);
    await flush();
    expect(run).toHaveBeenCalledTimes(1);
    expect([...t.intervals.values()][0]!.ms).toBe(60_000);
    t.fire();
    await flush();
    expect(run).toHaveBeenCalledTimes(2);
    stop();
    expect(t.intervals.size).toBe(0);
  });

  it("never runs a job twice at once in one instance (a slow round is not doubled up)", async () => {
    const t = manualTimers();
    let release!: () => void;
    const run = vi.fn(() => new Promise<void>((r) => (release = r)));
    startJobs([{ name: "slow", intervalMs: 1000, run }], t.timers, quiet);
    t.fire();
    t.fire();
    await flush();
    expect(run).toHaveBeenCalledTimes(1);
    release();
    await flush();
    t.fire();
    await flush();
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("logs a failed round and runs the next one", async () => {
    const t = manualTimers();
    const log = { log: vi.fn(), warn: vi.fn() };
    const run = vi.fn().mockRejectedValueOnce(new Error("database is locked")).mockResolvedValue(["x"]);
    startJobs([{ name: "sweep", intervalMs: 1000, run, report: (r) => `${(r as string[]).length} done` }], t.timers, log);
    await flush();
    expect(log.warn).toHaveBeenCalledWith("[jobs] sweep failed: database is locked");
    t.fire();
    await flush();
    expect(log.log).toHaveBeenCalledWith("[jobs] sweep: 1 done");
  });

  it("does not start a job whose interval is 0, and a stopped job does not tick again", async () => {
    const t = manualTimers();
    const off = vi.fn(async () => null);
    const on = vi.fn(async () => null);
    const stop = startJobs([{ name: "off", intervalMs: 0, run: off }, { name: "on", intervalMs: 5, run: on }], t.timers, quiet);
    await flush();
    expect(off).not.toHaveBeenCalled();
    const tick = [...t.intervals.values()][0]!.fn;
    stop();
    tick();
    await flush();
    expect(on).toHaveBeenCalledTimes(1);
  });

  it("the system timers do not keep the process alive", () => {
    const spy = vi.spyOn(globalThis, "setInterval");
    const stop = startJobs([{ name: "x", intervalMs: 3_600_000, run: async () => null }], undefined, quiet);
    const handle = spy.mock.results[0]!.value as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(false);
    stop();
    spy.mockRestore();
  });
});

describe("a job's failure in the log", () => {
  it("is one line: a query error's first line, cut, with its cause's code and message", () => {
    const query = new Error(`Failed query: insert into "t" values (?)\nparams: ${"x".repeat(5000)}`, { cause: Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" }) });
    const line = describeFailure(query);
    expect(line).toBe('Failed query: insert into "t" values (?) — SQLITE_BUSY: database is locked');
    expect(describeFailure(new Error("x".repeat(500)))).toHaveLength(160);
    expect(describeFailure(new Error("plain"))).toBe("plain");
  });
});
