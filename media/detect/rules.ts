import type { AlertType } from "../../server/alerts/ingest-contracts.ts";
import type { AREA_KINDS, SYSTEM_ALERT_TYPES } from "../../server/contracts/enums.ts";
import type { DetectionSettings, RuleThresholds } from "../../server/detection/contracts.ts";
import { inAnyWindow } from "./rules-hours.ts";
import { inZones } from "./rules-zones.ts";
import type { Detection } from "./types.ts";

/**
 * Detections → violations for one camera (pure: the clock is an argument, the state is a value).
 *
 * Built-in rules (each on when its type is in `settings.types`), on the COCO labels:
 *  - after_hours_intrusion 非工作时间人员闯入: a `person` outside every `workingHours` window.
 *  - phone_use 玩手机: a `cell phone` within hand reach of a `person`: the phone's centre lies in the
 *    person's box widened by a quarter of its width on each side and a tenth of its height above and below
 *    (held at the side, in front of the chest or at the ear), and the phone is smaller than the person.
 *  - animal_intrusion 动物入侵: a `cat` or `dog` in a food area (every area kind except `dining`).
 *  - post_absence 离岗: in a `cooking` area during `serviceHours`, no `person` for `absenceMinutes`.
 * Mapped labels: every `labelMap` entry (the model's own map under the camera's) raises its type when the
 * label is seen; the mapping is the opt-in, `types` does not gate it.
 *
 * False-positive controls per type (`thresholds` overridden by `typeThresholds[type]`): a detection counts
 * when its score ≥ minScore, its box area ≥ minBoxArea and its bottom-centre is in a zone (person for the
 * phone rule); a violation needs a counting detection in this frame, the median of this type's best score
 * over the last 3 sampled frames (0 where none counted) ≥ medianScore — so 2 of 3 frames must agree — and
 * `cooldownSeconds` since this camera last raised this type.
 */
export type AreaKind = (typeof AREA_KINDS)[number];
export type RuleType = Exclude<AlertType, (typeof SYSTEM_ALERT_TYPES)[number]>;

export interface Violation {
  type: RuleType;
  /** the best counting score in this frame (post_absence: 1 − the best person score seen while absent) */
  confidence: number;
  /** what to draw and report */
  boxes: Detection[];
  at: number;
}

export interface CameraRuleState {
  /** best counting score per type in the last (up to) 3 sampled frames, oldest first */
  history: Partial<Record<RuleType, number[]>>;
  lastRaisedAt: Partial<Record<RuleType, number>>;
  /** since when the cooking area has had nobody (during service hours), null when someone is there */
  absentSince: number | null;
  /** the best (non-counting) person score seen during the current absence */
  absentBestScore: number;
  lastFrameAt: number | null;
}

export interface RuleContext {
  settings: DetectionSettings;
  areaKind: AreaKind;
  /** the model's own label map (model.json); the camera's settings.labelMap wins */
  modelLabelMap?: Readonly<Record<string, RuleType>>;
}

export const MEDIAN_FRAMES = 3;
/** sampled frames further apart than this restart the absence timer (the camera was off, not the cook) */
export const ABSENCE_GAP_MS = 60_000;
export const ANIMAL_LABELS = ["cat", "dog"] as const;

export const initialRuleState = (): CameraRuleState => ({ history: {}, lastRaisedAt: {}, absentSince: null, absentBestScore: 0, lastFrameAt: null });

export function thresholdsFor(settings: DetectionSettings, type: RuleType): RuleThresholds {
  return { ...settings.thresholds, ...settings.typeThresholds?.[type] };
}

const area = (d: Detection) => d.box.w * d.box.h;
const counts = (d: Detection, t: RuleThresholds, zones: DetectionSettings["zones"]) => d.score >= t.minScore && area(d) >= t.minBoxArea && inZones(d.box, zones);

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? 0 : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The phone's centre within the person's box widened by ¼ of its width each side and ⅒ of its height. */
export function phoneNearPerson(phone: Detection, person: Detection): boolean {
  const p = person.box;
  const cx = phone.box.x + phone.box.w / 2;
  const cy = phone.box.y + phone.box.h / 2;
  return cx >= p.x - p.w / 4 && cx <= p.x + p.w * 1.25 && cy >= p.y - p.h / 10 && cy <= p.y + p.h * 1.1 && area(phone) < area(person);
}

/** The detections that count toward each type in this frame (before median and cooldown). */
export function candidates(ctx: RuleContext, at: number, detections: readonly Detection[]): Map<RuleType, Detection[]> {
  const { settings, areaKind } = ctx;
  const out = new Map<RuleType, Detection[]>();
  const add = (type: RuleType, ds: Detection[]) => {
    if (ds.length) out.set(type, [...(out.get(type) ?? []), ...ds]);
  };
  const on = new Set(settings.types);
  const zones = settings.zones;

  if (on.has("after_hours_intrusion") && !inAnyWindow(settings.workingHours, at)) {
    const t = thresholdsFor(settings, "after_hours_intrusion");
    add("after_hours_intrusion", detections.filter((d) => d.label === "person" && counts(d, t, zones)));
  }
  if (on.has("phone_use")) {
    const t = thresholdsFor(settings, "phone_use");
    const people = detections.filter((d) => d.label === "person" && counts(d, t, zones));
    const pairs: Detection[] = [];
    for (const phone of detections) {
      if (phone.label !== "cell phone" || phone.score < t.minScore || area(phone) < t.minBoxArea / 10) continue;
      const person = people.find((p) => phoneNearPerson(phone, p));
      if (person) pairs.push(phone, ...(pairs.includes(person) ? [] : [person]));
    }
    add("phone_use", pairs);
  }
  if (on.has("animal_intrusion") && areaKind !== "dining") {
    const t = thresholdsFor(settings, "animal_intrusion");
    add("animal_intrusion", detections.filter((d) => (ANIMAL_LABELS as readonly string[]).includes(d.label) && counts(d, t, zones)));
  }
  const labelMap = { ...ctx.modelLabelMap, ...settings.labelMap };
  for (const [label, type] of Object.entries(labelMap)) {
    const t = thresholdsFor(settings, type);
    add(type, detections.filter((d) => d.label === label && counts(d, t, zones)));
  }
  return out;
}

/** One sampled frame through every rule: the next state and the violations to raise now. */
export function evaluateFrame(state: CameraRuleState, ctx: RuleContext, at: number, detections: readonly Detection[]): { state: CameraRuleState; violations: Violation[] } {
  const { settings } = ctx;
  const next: CameraRuleState = { ...state, history: { ...state.history }, lastRaisedAt: { ...state.lastRaisedAt }, lastFrameAt: at };
  const violations: Violation[] = [];
  const cooled = (type: RuleType) => {
    const last = next.lastRaisedAt[type];
    return last === undefined || at - last >= settings.cooldownSeconds * 1000;
  };
  const found = candidates(ctx, at, detections);
  const tracked = new Set<RuleType>([...(Object.keys(next.history) as RuleType[]), ...found.keys()]);
  for (const type of tracked) {
    const ds = (found.get(type) ?? []).sort((a, b) => b.score - a.score);
    // phone_use: the phone's score decides (the person is there for context)
    const best = type === "phone_use" ? Math.max(0, ...ds.filter((d) => d.label !== "person").map((d) => d.score)) : (ds[0]?.score ?? 0);
    const history = [...(next.history[type] ?? []), best].slice(-MEDIAN_FRAMES);
    if (history.every((v) => v === 0)) delete next.history[type];
    else next.history[type] = history;
    if (!ds.length) continue;
    const padded = [...Array<number>(MEDIAN_FRAMES - history.length).fill(0), ...history];
    if (median(padded) < thresholdsFor(settings, type).medianScore || !cooled(type)) continue;
    next.lastRaisedAt[type] = at;
    violations.push({ type, confidence: best, boxes: ds, at });
  }

  // 离岗: only a cooking area, only during service hours
  if (settings.types.includes("post_absence") && ctx.areaKind === "cooking" && inAnyWindow(settings.serviceHours, at)) {
    const t = thresholdsFor(settings, "post_absence");
    const people = detections.filter((d) => d.label === "person");
    const present = people.some((d) => counts(d, t, settings.zones));
    const resumed = state.lastFrameAt === null || at - state.lastFrameAt > ABSENCE_GAP_MS;
    if (present) {
      next.absentSince = null;
      next.absentBestScore = 0;
    } else {
      if (next.absentSince === null || resumed) {
        next.absentSince = at;
        next.absentBestScore = 0;
      }
      next.absentBestScore = Math.max(next.absentBestScore, ...people.map((d) => d.score));
      if (at - next.absentSince >= settings.absenceMinutes * 60_000 && cooled("post_absence")) {
        next.lastRaisedAt.post_absence = at;
        violations.push({ type: "post_absence", confidence: Math.round((1 - next.absentBestScore) * 1000) / 1000, boxes: [], at });
        // a new absence period starts: still nobody after another absenceMinutes raises again
        next.absentSince = at;
        next.absentBestScore = 0;
      }
    }
  } else {
    next.absentSince = null;
    next.absentBestScore = 0;
  }
  return { state: next, violations };
}
