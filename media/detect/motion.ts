import { downscaleLuma, type Grey } from "./diagnosis.ts";

/**
 * Motion gate (pure), as Frigate does it: the detector runs on a camera's sample only when its picture changed
 * since the last sample the detector saw, or when that is older than the safety interval. A kitchen at rest
 * (night, between services) then costs one pass over the luma plane per sample instead of an inference.
 */
export interface MotionGateSettings {
  /** a cell of the 64×36 grid counts as changed when its luma moved by more than this (0–255) */
  cellDelta: number;
  /** the picture changed when at least this share of cells did (0.004 ≈ 9 cells: a hand, a rat) */
  minChangedShare: number;
  /** the detector sees the camera at least this often, changed or not (lighting drift, a still intruder) */
  safetySeconds: number;
}

export const DEFAULT_MOTION_GATE: MotionGateSettings = { cellDelta: 12, minChangedShare: 0.004, safetySeconds: 30 };
export const MOTION_WIDTH = 64;
export const MOTION_HEIGHT = 36;

export const motionGrid = (i420: Uint8Array, width: number, height: number): Grey => downscaleLuma(i420, width, height, MOTION_WIDTH, MOTION_HEIGHT);

/** Share of cells whose luma moved by more than `cellDelta` (0–1). */
export function changedShare(a: Grey, b: Grey, cellDelta: number): number {
  if (a.data.length !== b.data.length) return 1;
  let n = 0;
  for (let i = 0; i < a.data.length; i++) if (Math.abs(a.data[i]! - b.data[i]!) > cellDelta) n++;
  return n / a.data.length;
}

export type GateDecision = "changed" | "safety" | "first" | "unchanged";

/** Whether this sample goes to the detector, and why. */
export function gate(grid: Grey, last: { grid: Grey; at: number } | null, now: number, s: MotionGateSettings): GateDecision {
  if (!last) return "first";
  if (now - last.at >= s.safetySeconds * 1000) return "safety";
  return changedShare(grid, last.grid, s.cellDelta) >= s.minChangedShare ? "changed" : "unchanged";
}
