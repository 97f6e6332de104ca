import { describe, expect, it } from "vitest";
import { cameraRate, combine, DEFAULT_BLIP_MS, offlineWindows, onlineNow, percentOf, rollUp, type StatusEvent } from "../../server/overview/online-rate.ts";
import { lastDayOf, monthPeriod, overviewPeriod } from "../../server/overview/period.ts";

const H = 3_600_000;
const MIN = 60_000;
const T0 = Date.parse("2026-11-10T00:00:00+08:00");
const day = { start: T0, end: T0 + 24 * H };
const ev = (status: StatusEvent["status"], hours: number): StatusEvent => ({ status, at: T0 + hours * H });

describe("the online rate of one camera (hand-computed)", () => {
  it("offline 2 of 24 hours is 91.7 %", () => {
    const r = cameraRate([ev("online", -5), ev("offline", 10), ev("online", 12)], day);
    expect(r.measuredMs).toBe(24 * H);
    expect(r.offlineMs).toBe(2 * H);
    expect(r.rate).toBeCloseTo(22 / 24, 10);
    expect(percentOf(r.rate)).toBe(91.7);
    expect(r.windows).toEqual([{ from: T0 + 10 * H, to: T0 + 12 * H, ongoing: false }]);
  });

  it("ignores blips under the threshold (three missed heartbeats) and counts one just over it", () => {
    const events = [ev("online", -1), { status: "offline" as const, at: T0 + H }, { status: "online" as const, at: T0 + H + 2 * MIN }, { status: "offline" as const, at: T0 + 5 * H }, { status: "online" as const, at: T0 + 5 * H + DEFAULT_BLIP_MS }];
    const r = cameraRate(events, day);
    expect(r.offlineMs).toBe(DEFAULT_BLIP_MS);
    expect(r.windows).toHaveLength(1);
    expect(r.windows[0]!.from).toBe(T0 + 5 * H);
    // a threshold of zero counts the blip too
    expect(cameraRate(events, day, { blipMs: 0 }).offlineMs).toBe(2 * MIN + DEFAULT_BLIP_MS);
  });

  it("starts in the state of the last event before the period and clips outages to it", () => {
    // offline since the evening before, back at 06:00; offline again at 22:00 until 03:00 next day
    const r = cameraRate([ev("offline", -4), ev("online", 6), ev("offline", 22), ev("online", 27)], day, { horizon: T0 + 30 * H });
    expect(r.offlineMs).toBe(8 * H);
    expect(r.rate).toBeCloseTo(16 / 24, 10);
    expect(r.windows.map((w) => [w.from, w.to])).toEqual([[T0, T0 + 6 * H], [T0 + 22 * H, T0 + 24 * H]]);
  });

  it("judges an outage crossing the period's end by its whole length, not its clipped part", () => {
    // offline the last minute of the period, for ten minutes in all: not a blip
    const r = cameraRate([ev("online", -1), { status: "offline", at: day.end - MIN }, { status: "online", at: day.end + 9 * MIN }], day, { horizon: day.end + DEFAULT_BLIP_MS });
    expect(r.offlineMs).toBe(MIN);
  });

  it("measures a camera from its first report, and treats unknown (silent) as offline; none measured is null", () => {
    const late = cameraRate([ev("online", 12), ev("unknown", 18)], day);
    expect(late.measuredMs).toBe(12 * H);
    expect(late.offlineMs).toBe(6 * H);
    expect(late.windows[0]!.ongoing).toBe(true);
    expect(late.rate).toBeCloseTo(0.5, 10);
    expect(cameraRate([], day).rate).toBeNull();
    expect(cameraRate([ev("online", 30)], day).rate).toBeNull();
  });

  it("lists the windows of a timeline up to a horizon", () => {
    expect(offlineWindows([ev("online", 0), ev("offline", 1), ev("unknown", 2), ev("online", 3), ev("offline", 4)], T0 + 5 * H)).toEqual([
      { from: T0 + H, to: T0 + 3 * H, ongoing: false },
      { from: T0 + 4 * H, to: T0 + 5 * H, ongoing: true },
    ]);
  });
});

describe("the roll-up by region, weighted by cameras", () => {
  it("weighs a district by its cameras, not one district one vote", () => {
    const a = rollUp([1, 1, 1]);
    const b = rollUp([0.5]);
    const city = combine([a, b]);
    expect(city.rate).toBeCloseTo(3.5 / 4, 10);
    expect(city.rate).not.toBeCloseTo((1 + 0.5) / 2, 5);
    expect(city).toEqual(rollUp([1, 1, 1, 0.5]));
  });
  it("leaves unmeasured cameras out of the rate but counts them as registered", () => {
    expect(rollUp([null, 0.9])).toEqual({ cameras: 2, measured: 1, rate: 0.9 });
    expect(combine([rollUp([null]), rollUp([])])).toEqual({ cameras: 1, measured: 0, rate: null });
  });
  it("says how many are online right now", () => {
    expect(onlineNow(["online", "online", "offline", "unknown"])).toEqual({ cameras: 4, online: 2, rate: 0.5 });
    expect(onlineNow([]).rate).toBeNull();
  });
});

describe("the periods", () => {
  const now = Date.parse("2026-12-05T10:00:00+08:00");
  it("defaults to this month so far, ending now", () => {
    const p = overviewPeriod(now);
    expect([p.from, p.to, p.current, p.end]).toEqual(["2026-12-01", "2026-12-05", true, now]);
  });
  it("refuses reversed, future and too long periods", () => {
    expect(() => overviewPeriod(now, "2026-12-03", "2026-12-01")).toThrow("from_after_to");
    expect(() => overviewPeriod(now, "2026-12-01", "2026-12-06")).toThrow("period_in_future");
    expect(() => overviewPeriod(now, "2026-01-01", "2026-12-01")).toThrow("overview_period_too_long");
  });
  it("gives a closed month whole and the current month provisional; a future month is refused", () => {
    expect(lastDayOf("2026-02")).toBe("2026-02-28");
    const nov = monthPeriod(now, "2026-11");
    expect([nov.from, nov.to, nov.provisional, nov.end]).toEqual(["2026-11-01", "2026-11-30", false, Date.parse("2026-12-01T00:00:00+08:00")]);
    expect(monthPeriod(now, "2026-12").provisional).toBe(true);
    expect(() => monthPeriod(now, "2027-01")).toThrow("month_in_future");
  });
});
