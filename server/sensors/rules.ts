import type { EffectiveThresholds, SensorKind, SensorThresholds } from "./contracts.ts";

/**
 * The sensors' rules as plain functions over a reading series (no I/O): thresholds per kind, the temperature
 * excursion that raises an alert, the runs (on → off) of UV lamps and disinfection cabinets, the hourly roll-up.
 *
 * Sources of the defaults (《餐饮服务食品安全操作规范》, 市场监管总局 2018 No. 12; the seeds in /work/shared/seeds ask
 * for the kitchen to be 可感测 — seed 002 — but give no figures):
 * - 冷藏 is 0–8 °C and 冷冻 below −12 °C (术语 2.10, 2.11); 留样 is kept 冷藏 for ≥ 48 h (7.x 留样): a 留样 cabinet
 *   above 8 °C for 15 minutes raises an alert (issue 17), a fridge out of 0–8 °C for 30 minutes, a cold room (冷冻)
 *   above −12 °C for 30 minutes;
 * - 专间 UV lamps: 每次照射不少于 30 分钟 (附录 专间 紫外线灯消毒);
 * - 红外线消毒柜: 120 °C 以上 作用 15 分钟以上 (附录 餐用具消毒 — the cycle too short is the alert).
 */
export const DEFAULT_THRESHOLDS: Record<SensorKind, EffectiveThresholds> = {
  sample_cabinet: { minC: 0, maxC: 8, forMinutes: 15, minRunMinutes: null },
  fridge: { minC: 0, maxC: 8, forMinutes: 30, minRunMinutes: null },
  cold_room: { minC: null, maxC: -12, forMinutes: 30, minRunMinutes: null },
  uv_lamp: { minC: null, maxC: null, forMinutes: 30, minRunMinutes: 30 },
  disinfection_cabinet: { minC: null, maxC: null, forMinutes: 15, minRunMinutes: 15 },
};

export const TEMPERATURE_KINDS: readonly SensorKind[] = ["sample_cabinet", "fridge", "cold_room"];
export const RUN_KINDS: readonly SensorKind[] = ["uv_lamp", "disinfection_cabinet"];

export function effectiveThresholds(kind: SensorKind, own: SensorThresholds | null): EffectiveThresholds {
  const d = DEFAULT_THRESHOLDS[kind];
  return {
    minC: own?.minC === undefined ? d.minC : own.minC,
    maxC: own?.maxC === undefined ? d.maxC : own.maxC,
    forMinutes: own?.forMinutes ?? d.forMinutes,
    minRunMinutes: RUN_KINDS.includes(kind) ? (own?.minRunMinutes ?? d.minRunMinutes) : null,
  };
}

export interface Point {
  at: number;
  temperatureC: number | null;
  humidityPct: number | null;
  on: boolean | null;
}

const outOfBand = (t: number, th: EffectiveThresholds) => (th.maxC !== null && t > th.maxC) || (th.minC !== null && t < th.minC);

/**
 * A sensor publishing every minute that misses this long is not trusted to have stayed out of range in between: the
 * excursion is counted from the first reading after the gap.
 */
export const MAX_GAP_MS = 10 * 60_000;

export interface Excursion {
  /** the first reading out of the band */
  since: number;
  /** the first reading back in the band (null: still out at the latest reading) */
  endedAt: number | null;
  /** the reading furthest out of the band */
  peakC: number;
  /** how long it was out, up to the last reading out of the band */
  minutes: number;
}

/**
 * The excursions in a series sorted by time: runs of temperature readings out of the band, continuous (no gap over
 * MAX_GAP_MS), lasting at least `forMinutes`. A shorter run (a door opened) is no excursion.
 */
export function excursions(points: readonly Point[], th: EffectiveThresholds): Excursion[] {
  const found: Excursion[] = [];
  const edge = th.maxC ?? th.minC ?? 0;
  let run: { since: number; last: number; peakC: number } | null = null;
  const close = (endedAt: number | null) => {
    if (run && (run.last - run.since) / 60_000 >= th.forMinutes) found.push({ since: run.since, endedAt, peakC: run.peakC, minutes: (run.last - run.since) / 60_000 });
    run = null;
  };
  for (const p of points) {
    if (p.temperatureC === null) continue;
    // the sensor fell silent: what happened in the gap is unknown, the excursion is taken to end at its last reading
    if (run && p.at - run.last > MAX_GAP_MS) close(run.last);
    if (!outOfBand(p.temperatureC, th)) {
      close(p.at);
      continue;
    }
    if (!run) run = { since: p.at, last: p.at, peakC: p.temperatureC };
    else {
      run.last = p.at;
      if (Math.abs(p.temperatureC - edge) > Math.abs(run.peakC - edge)) run.peakC = p.temperatureC;
    }
  }
  close(null);
  return found;
}

/** In the band at the latest temperature reading (null: no temperature yet). */
export function inBandNow(points: readonly Point[], th: EffectiveThresholds): boolean | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const t = points[i]!.temperatureC;
    if (t !== null) return !outOfBand(t, th);
  }
  return null;
}

export interface Run {
  startAt: number;
  endAt: number;
  minutes: number;
  peakC: number | null;
}

/**
 * Completed runs (on → off) in a series sorted by time: a run starts at the first "on" after an "off" (or the series'
 * start) and ends at the first "off" after it. A run still going at the end of the series is not complete. A run whose
 * start lies before the series (it begins with "on") is left out: the caller reads far enough back to see its start.
 */
export function completedRuns(points: readonly Point[]): Run[] {
  const runs: Run[] = [];
  let start: number | null = null;
  let seenOff = false;
  let peak: number | null = null;
  for (const p of points) {
    if (p.on === null) {
      if (start !== null && p.temperatureC !== null) peak = peak === null ? p.temperatureC : Math.max(peak, p.temperatureC);
      continue;
    }
    if (p.on) {
      if (start === null && seenOff) {
        start = p.at;
        peak = null;
      }
      if (start !== null && p.temperatureC !== null) peak = peak === null ? p.temperatureC : Math.max(peak, p.temperatureC);
    } else {
      if (start !== null) runs.push({ startAt: start, endAt: p.at, minutes: (p.at - start) / 60_000, peakC: peak });
      start = null;
      seenOff = true;
    }
  }
  return runs;
}

export const isShortRun = (run: Run, th: EffectiveThresholds) => th.minRunMinutes !== null && run.minutes < th.minRunMinutes;

export interface HourRollup {
  hour: number;
  readings: number;
  tCount: number;
  tMin: number | null;
  tMax: number | null;
  tSum: number;
  hCount: number;
  hMin: number | null;
  hMax: number | null;
  hSum: number;
  onCount: number;
}

export const hourOf = (at: number) => Math.floor(at / 3_600_000) * 3_600_000;

const minOf = (a: number | null, b: number) => (a === null ? b : Math.min(a, b));
const maxOf = (a: number | null, b: number) => (a === null ? b : Math.max(a, b));

/** The hourly roll-up of some new readings (each counted once: the caller passes only readings stored now). */
export function rollUp(points: readonly Point[]): HourRollup[] {
  const byHour = new Map<number, HourRollup>();
  for (const p of points) {
    const hour = hourOf(p.at);
    let h = byHour.get(hour);
    if (!h) byHour.set(hour, (h = { hour, readings: 0, tCount: 0, tMin: null, tMax: null, tSum: 0, hCount: 0, hMin: null, hMax: null, hSum: 0, onCount: 0 }));
    h.readings++;
    if (p.temperatureC !== null) {
      h.tCount++;
      h.tMin = minOf(h.tMin, p.temperatureC);
      h.tMax = maxOf(h.tMax, p.temperatureC);
      h.tSum += p.temperatureC;
    }
    if (p.humidityPct !== null) {
      h.hCount++;
      h.hMin = minOf(h.hMin, p.humidityPct);
      h.hMax = maxOf(h.hMax, p.humidityPct);
      h.hSum += p.humidityPct;
    }
    if (p.on) h.onCount++;
  }
  return [...byHour.values()].sort((a, b) => a.hour - b.hour);
}

/** Two roll-ups of the same hour as one (the database merges a batch's hour into the stored one the same way). */
export function mergeHours(a: HourRollup, b: HourRollup): HourRollup {
  return {
    hour: a.hour,
    readings: a.readings + b.readings,
    tCount: a.tCount + b.tCount,
    tMin: a.tMin === null ? b.tMin : b.tMin === null ? a.tMin : Math.min(a.tMin, b.tMin),
    tMax: a.tMax === null ? b.tMax : b.tMax === null ? a.tMax : Math.max(a.tMax, b.tMax),
    tSum: a.tSum + b.tSum,
    hCount: a.hCount + b.hCount,
    hMin: a.hMin === null ? b.hMin : b.hMin === null ? a.hMin : Math.min(a.hMin, b.hMin),
    hMax: a.hMax === null ? b.hMax : b.hMax === null ? a.hMax : Math.max(a.hMax, b.hMax),
    hSum: a.hSum + b.hSum,
    onCount: a.onCount + b.onCount,
  };
}

/** What the alert's first event says, in the regulator's words (zh-CN: the alert log is Chinese like the ledgers). */
export function excursionNote(name: string, s: { peakC: number; minutes: number }, th: EffectiveThresholds): string {
  const band = th.minC !== null && th.maxC !== null ? `${th.minC}～${th.maxC} °C` : th.maxC !== null ? `≤ ${th.maxC} °C` : `≥ ${th.minC} °C`;
  return `${name}：温度 ${s.peakC.toFixed(1)} °C，超出 ${band} 已 ${Math.floor(s.minutes)} 分钟`;
}

export function runNote(name: string, kind: SensorKind, run: Run, th: EffectiveThresholds): string {
  const what = kind === "uv_lamp" ? "紫外线灯照射" : "消毒柜消毒";
  return `${name}：${what} ${run.minutes.toFixed(0)} 分钟，不足 ${th.minRunMinutes} 分钟${run.peakC !== null ? `（最高 ${run.peakC.toFixed(0)} °C）` : ""}`;
}
