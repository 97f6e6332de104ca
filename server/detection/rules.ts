import type { AlertType } from "../alerts/ingest-contracts.ts";
import { SYSTEM_ALERT_TYPES } from "../contracts/enums.ts";
import { DetectionOverride, type DetectionSettings } from "./contracts.ts";
import { FP_MAX_SCORE, fpRaise } from "../alerts/rules.ts";

/** A stored override (JSON text) read back; anything that no longer validates counts as no override. */
export function parseOverride(json: string | null | undefined): DetectionOverride | null {
  if (!json) return null;
  try {
    const parsed = DetectionOverride.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Effective settings of one camera: the defaults, overridden field by field by the area's override and
 * then the camera's (typeThresholds and labelMap merge per key), and finally the false-positive raise:
 * for each type whose rate crossed the threshold, minScore and medianScore go up by the raise.
 */
export function effectiveDetection(
  defaults: DetectionSettings,
  areaOverride: DetectionOverride | null,
  cameraOverride: DetectionOverride | null,
  fpCounts: ReadonlyArray<{ type: AlertType; falsePositives: number; judged: number }> = [],
): DetectionSettings {
  let out: DetectionSettings = structuredClone(defaults);
  for (const o of [areaOverride, cameraOverride]) {
    if (!o) continue;
    const { typeThresholds, labelMap, videoQuality, ...rest } = o;
    out = { ...out, ...(rest as Partial<DetectionSettings>) };
    // 视频诊断 thresholds merge field by field, like the type thresholds
    if (videoQuality) out.videoQuality = { ...out.videoQuality, ...videoQuality };
    if (typeThresholds) {
      const merged = { ...out.typeThresholds };
      for (const [type, t] of Object.entries(typeThresholds)) merged[type as keyof typeof merged] = { ...merged[type as keyof typeof merged], ...t };
      out.typeThresholds = merged;
    }
    if (labelMap) out.labelMap = { ...out.labelMap, ...labelMap };
  }
  for (const { type, falsePositives, judged } of fpCounts) {
    const raise = fpRaise(falsePositives, judged);
    if (!raise || (SYSTEM_ALERT_TYPES as readonly string[]).includes(type)) continue;
    const key = type as keyof DetectionSettings["typeThresholds"];
    const current = { ...out.thresholds, ...out.typeThresholds[key] };
    out.typeThresholds = {
      ...out.typeThresholds,
      [key]: {
        ...out.typeThresholds[key],
        minScore: round(Math.min(FP_MAX_SCORE, current.minScore + raise)),
        medianScore: round(Math.min(FP_MAX_SCORE, current.medianScore + raise)),
      },
    };
  }
  return out;
}
