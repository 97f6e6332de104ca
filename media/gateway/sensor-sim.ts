import type { SensorKind } from "../../server/sensors/contracts.ts";

/**
 * Plausible readings of a simulated sensor (the demo city, the tests, the benchmark), pure: a function of the sensor's
 * kind, a seed and the time. Fridges and 留样 cabinets hover at 3–5 °C with the compressor's swing; a cold room at
 * −18 °C; a disinfection cabinet runs a 20-minute 125 °C cycle after each meal; a UV lamp 40 minutes before lunch.
 * `excursion` (the demo's occasional fault): from that minute of the day on, for 25 minutes, a cabinet warms to 11 °C, a
 * cycle is cut to 8 minutes.
 */
export interface SimSensor {
  kind: SensorKind;
  seed: number;
  /** minute of the China day when this sensor misbehaves (null: never) */
  excursionMinute: number | null;
}

const CST = 8 * 3_600_000;
const minuteOfDay = (at: number) => Math.floor(((at + CST) % 86_400_000) / 60_000);
/** deterministic noise in [-1, 1] */
const noise = (seed: number, at: number) => Math.sin(seed * 12.9898 + Math.floor(at / 60_000) * 78.233) % 1;

const inWindow = (m: number, start: number, minutes: number) => m >= start && m < start + minutes;

export function simulatedReading(s: SimSensor, at: number): { temperatureC?: number; humidityPct?: number; on?: boolean } {
  const m = minuteOfDay(at);
  const faulty = s.excursionMinute !== null && inWindow(m, s.excursionMinute, 25);
  const round = (v: number) => Math.round(v * 10) / 10;
  switch (s.kind) {
    case "fridge":
    case "sample_cabinet": {
      const swing = Math.sin((at / 60_000 / 17) * Math.PI * 2) * 0.8;
      return { temperatureC: round(faulty ? 11 + noise(s.seed, at) * 0.4 : 4 + swing + noise(s.seed, at) * 0.3), humidityPct: round(62 + noise(s.seed + 1, at) * 4) };
    }
    case "cold_room":
      return { temperatureC: round(faulty ? -6 : -18 + noise(s.seed, at) * 0.8), humidityPct: round(80 + noise(s.seed + 1, at) * 3) };
    case "uv_lamp":
      // 10:00–10:40 before lunch, 15:00–15:40 before dinner (a short one when faulty)
      return { on: [600, 900].some((start) => inWindow(m, start, faulty ? 10 : 40)) };
    case "disinfection_cabinet": {
      // after breakfast, lunch and dinner: 09:00, 13:30, 19:30, twenty minutes (eight when faulty)
      const cut = (start: number) => s.excursionMinute !== null && inWindow(start, s.excursionMinute, 25);
      const on = [540, 810, 1170].some((start) => inWindow(m, start, cut(start) ? 8 : 20));
      return { on, temperatureC: round(on ? 125 + noise(s.seed, at) * 3 : 30 + noise(s.seed, at)) };
    }
  }
}
