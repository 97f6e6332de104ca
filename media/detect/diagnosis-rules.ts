import type { VideoProblem, VideoQualitySettings } from "../../server/detection/contracts.ts";
import { correlation, type FrameMetrics, type Grey, meanAbsDiff } from "./diagnosis.ts";

/**
 * 视频诊断 rules (pure): one sample's metrics → the problems the picture shows now, and per camera a small
 * state machine that turns them into episodes — a problem is raised once it has held for `persistSeconds`
 * (frozen: `frozenSeconds`), and the camera is good again once no problem has been seen for `clearSeconds`.
 * The gateway raises an alert when a problem starts and reports "good since" in its heartbeat, where the API
 * closes the alert.
 */

export interface DiagnosisContext {
  /** the approved reference fingerprint (angle check); null: none approved yet */
  reference: Grey | null;
  /** a still-photo source repeats one picture by design: never "frozen" */
  still: boolean;
}

/** The problems one sample shows, most telling first; a flat picture is not also called blurred. */
export function frameProblems(m: FrameMetrics, s: VideoQualitySettings, ctx: DiagnosisContext): Exclude<VideoProblem, "frozen">[] {
  if (m.mean <= s.blackMaxMean && m.std <= s.flatMaxStd * 2) return ["black"];
  if (m.std <= s.flatMaxStd) return ["covered"];
  const out: Exclude<VideoProblem, "frozen">[] = [];
  if (m.sharpness <= s.blurMaxSharpness) out.push("blurred");
  if (ctx.reference && correlation(m.fingerprint, ctx.reference) < s.angleMinCorrelation) out.push("angle_shift");
  return out;
}

export interface DiagnosisState {
  /** when each problem was first seen in the current run of samples showing it */
  seenSince: Partial<Record<VideoProblem, number>>;
  /** when each problem was last seen */
  lastSeen: Partial<Record<VideoProblem, number>>;
  /** problems raised and not yet cleared */
  active: VideoProblem[];
  /** the picture has been good since (no active problem); null while one is active */
  goodSince: number | null;
  /** the previous sample's grid and since when the picture has not changed */
  previous: Grey | null;
  unchangedSince: number | null;
}

export const initialDiagnosisState = (now: number): DiagnosisState => ({ seenSince: {}, lastSeen: {}, active: [], goodSince: now, previous: null, unchangedSince: null });

export interface DiagnosisStep {
  state: DiagnosisState;
  /** problems that became active with this sample: one alert each */
  raised: VideoProblem[];
  /** all active problems cleared with this sample: the alert closes */
  cleared: boolean;
}

const PROBLEMS: readonly VideoProblem[] = ["black", "covered", "blurred", "frozen", "angle_shift"];

export function diagnose(prev: DiagnosisState, m: FrameMetrics, now: number, s: VideoQualitySettings, ctx: DiagnosisContext): DiagnosisStep {
  const seen = new Set<VideoProblem>(frameProblems(m, s, ctx));
  // frozen: the picture has not changed at all — a stuck encoder repeats frames exactly, while a live
  // sensor always has some noise; a black or covered picture is reported as that instead
  const same = prev.previous !== null && meanAbsDiff(prev.previous, m.grid) <= s.frozenMaxDiff;
  const unchangedSince = same ? (prev.unchangedSince ?? now) : null;
  if (!ctx.still && unchangedSince !== null && now - unchangedSince >= s.frozenSeconds * 1000 && !seen.has("black") && !seen.has("covered")) seen.add("frozen");

  const seenSince: DiagnosisState["seenSince"] = {};
  const lastSeen: DiagnosisState["lastSeen"] = { ...prev.lastSeen };
  for (const p of seen) {
    seenSince[p] = prev.seenSince[p] ?? now;
    lastSeen[p] = now;
  }
  const active = new Set(prev.active);
  const raised: VideoProblem[] = [];
  for (const p of PROBLEMS) {
    if (active.has(p)) {
      // cleared when not seen for clearSeconds
      if (!seen.has(p) && now - (lastSeen[p] ?? 0) >= s.clearSeconds * 1000) active.delete(p);
    } else if (seen.has(p) && (p === "frozen" || now - seenSince[p]! >= s.persistSeconds * 1000)) {
      active.add(p);
      raised.push(p);
    }
  }
  const nowActive = PROBLEMS.filter((p) => active.has(p));
  const cleared = prev.active.length > 0 && nowActive.length === 0;
  const goodSince = nowActive.length ? null : (prev.goodSince ?? now);
  return { state: { seenSince, lastSeen, active: nowActive, goodSince, previous: m.grid, unchangedSince }, raised, cleared };
}
