import { describe, expect, it } from "vitest";
import { SensorPayload } from "../../server/sensors/contracts.ts";
import { completedRuns, effectiveThresholds, excursions, inBandNow, isShortRun, mergeHours, type Point, rollUp } from "../../server/sensors/rules.ts";

const T0 = Date.UTC(2026, 10, 2, 2, 0);
const min = (m: number) => T0 + m * 60_000;
const temps = (values: number[], every = 1): Point[] => values.map((t, i) => ({ at: min(i * every), temperatureC: t, humidityPct: null, on: null }));
const onOff = (states: Array<[number, boolean, number?]>): Point[] => states.map(([m, on, t]) => ({ at: min(m), temperatureC: t ?? null, humidityPct: null, on }));

describe("thresholds", () => {
  it("a 留样 cabinet defaults to 0–8 °C for 15 minutes; a sensor's own value wins, null clears a bound", () => {
    expect(effectiveThresholds("sample_cabinet", null)).toEqual({ minC: 0, maxC: 8, forMinutes: 15, minRunMinutes: null });
    expect(effectiveThresholds("fridge", { maxC: 5, minC: null })).toMatchObject({ minC: null, maxC: 5, forMinutes: 30 });
    expect(effectiveThresholds("uv_lamp", null).minRunMinutes).toBe(30);
    expect(effectiveThresholds("disinfection_cabinet", { minRunMinutes: 20 }).minRunMinutes).toBe(20);
  });
});

describe("excursions", () => {
  const th = effectiveThresholds("sample_cabinet", null);
  it("above 8 °C for 15 minutes is an excursion; 14 minutes is not", () => {
    expect(excursions(temps([5, 9, ...Array(14).fill(9.5)]), th)).toEqual([]);
    const found = excursions(temps([5, 9, ...Array(15).fill(9.5), 10.2]), th);
    expect(found).toEqual([{ since: min(1), endedAt: null, peakC: 10.2, minutes: 16 }]);
  });
  it("ends at the first reading back in the band; a door opened briefly is none", () => {
    const series = temps([4, 12, 4, ...Array(20).fill(9), 6, 6]);
    expect(excursions(series, th)).toEqual([{ since: min(3), endedAt: min(23), peakC: 9, minutes: 19 }]);
    expect(inBandNow(series, th)).toBe(true);
  });
  it("a gap of more than 10 minutes breaks the run (what happened in between is unknown)", () => {
    const series = [...temps([9, 9, 9, 9, 9, 9, 9, 9, 9, 9]), { at: min(30), temperatureC: 9, humidityPct: null, on: null }, { at: min(35), temperatureC: 9, humidityPct: null, on: null }];
    expect(excursions(series, th)).toEqual([]);
  });
  it("a freezer (cold room) alerts when warmer than −12 °C; too cold is fine", () => {
    const cold = effectiveThresholds("cold_room", null);
    expect(excursions(temps(Array(40).fill(-30)), cold)).toEqual([]);
    expect(excursions(temps(Array(31).fill(-5)), cold)).toHaveLength(1);
  });
});

describe("runs of lamps and cabinets", () => {
  it("finds on → off runs after an off, with the peak temperature; a run still going is not complete", () => {
    const runs = completedRuns(onOff([[0, false], [1, true, 90], [5, true, 125], [11, false, 80], [20, true], [25, true]]));
    expect(runs).toEqual([{ startAt: min(1), endAt: min(11), minutes: 10, peakC: 125 }]);
    expect(isShortRun(runs[0]!, effectiveThresholds("disinfection_cabinet", null))).toBe(true);
  });
  it("a run whose start lies before the series is left out", () => {
    expect(completedRuns(onOff([[0, true], [40, false]]))).toEqual([]);
  });
  it("a UV lamp on for 30 minutes is long enough, 29 is short", () => {
    const uv = effectiveThresholds("uv_lamp", null);
    expect(isShortRun(completedRuns(onOff([[0, false], [1, true], [31, false]]))[0]!, uv)).toBe(false);
    expect(isShortRun(completedRuns(onOff([[0, false], [1, true], [30, false]]))[0]!, uv)).toBe(true);
  });
});

describe("hourly roll-up", () => {
  it("min / max / sum / count per hour, merging two batches of the same hour gives the same as one", () => {
    const all = temps([3, 5, 7, 9], 20).map((p, i) => ({ ...p, humidityPct: 50 + i }));
    const [h1, h2] = rollUp(all);
    expect(h1).toMatchObject({ hour: T0, readings: 3, tCount: 3, tMin: 3, tMax: 7, tSum: 15, hMin: 50, hMax: 52 });
    expect(h2).toMatchObject({ hour: T0 + 3_600_000, readings: 1, tMin: 9 });
    const split = mergeHours(rollUp(all.slice(0, 1))[0]!, rollUp(all.slice(1, 3))[0]!);
    expect(split).toEqual(h1);
  });
});

describe("the MQTT payload", () => {
  it("takes a reading with its time, ignores vendors' extra fields", () => {
    expect(SensorPayload.parse({ at: "2026-11-02T10:00:00+08:00", temperatureC: 4.5, humidityPct: 61, battery: 88 })).toEqual({ at: "2026-11-02T10:00:00+08:00", temperatureC: 4.5, humidityPct: 61 });
    expect(SensorPayload.parse({ on: true }).on).toBe(true);
  });
  it.each([
    ["no measurement", { at: "2026-11-02T10:00:00+08:00" }],
    ["out of physical range", { temperatureC: 900 }],
    ["humidity over 100 %", { humidityPct: 140 }],
    ["not a number", { temperatureC: "4.5" }],
    ["not an object", [4.5]],
    ["a bad time", { temperatureC: 4, at: "yesterday" }],
  ])("refuses %s", (_what, payload) => {
    expect(SensorPayload.safeParse(payload).success).toBe(false);
  });
});

describe("the simulator", () => {
  const at = (hh: number, mm: number) => Date.UTC(2026, 10, 2, hh - 8, mm);
  it("a 留样 cabinet hovers at 3–5 °C and warms to about 11 °C during its excursion", async () => {
    const { simulatedReading } = await import("../../media/gateway/sensor-sim.ts");
    const s = { kind: "sample_cabinet" as const, seed: 3, excursionMinute: 600 };
    for (let m = 0; m < 60; m++) expect(simulatedReading(s, at(8, m)).temperatureC).toBeGreaterThan(2.5);
    expect(simulatedReading(s, at(10, 5)).temperatureC).toBeGreaterThan(10);
    const th = effectiveThresholds("sample_cabinet", null);
    const series = Array.from({ length: 40 }, (_, i) => ({ at: at(9, 50) + i * 60_000, temperatureC: simulatedReading(s, at(9, 50) + i * 60_000).temperatureC!, humidityPct: null, on: null }));
    expect(excursions(series, th)).toHaveLength(1);
  });
  it("a disinfection cabinet runs 20 minutes at about 125 °C after lunch, 8 when faulty", async () => {
    const { simulatedReading } = await import("../../media/gateway/sensor-sim.ts");
    const series = (excursionMinute: number | null) =>
      Array.from({ length: 40 }, (_, i) => {
        const t = at(13, 20) + i * 60_000;
        const r = simulatedReading({ kind: "disinfection_cabinet", seed: 1, excursionMinute }, t);
        return { at: t, temperatureC: r.temperatureC ?? null, humidityPct: null, on: r.on ?? null };
      });
    expect(completedRuns(series(null)).map((r) => r.minutes)).toEqual([20]);
    expect(completedRuns(series(800)).map((r) => r.minutes)).toEqual([8]);
    expect(completedRuns(series(null))[0]!.peakC).toBeGreaterThan(120);
  });
});
