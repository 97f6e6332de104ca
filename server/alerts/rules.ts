import type { AlertType } from "./ingest-contracts.ts";
import type { AlertStatus } from "./contracts.ts";
import { ALERT_TYPES } from "../contracts/enums.ts";
import { decide, type Transition } from "../lifecycle/transitions.ts";

/**
 * Disposal deadlines in minutes per alert type: how long the school has to dispose of an alert before it is
 * escalated to the regulator and the education bureau. Hazards to food (people where they should not be,
 * animals, rodents, smoking) get two hours; an unstaffed cooking area four; hygiene habits a working day.
 * Override with ALERT_DEADLINES="type=minutes,…" (see README).
 */
export const DEFAULT_ALERT_DEADLINE_MINUTES: Record<AlertType, number> = {
  after_hours_intrusion: 120,
  animal_intrusion: 120,
  rodent: 120,
  smoking: 120,
  post_absence: 240,
  camera_offline: 240,
  // recordings (issue 19): the school has a working day to free disk or explain a changed recording
  recording_storage_low: 1440,
  recording_tampered: 1440,
  recording_missing: 1440,
  // a positive pesticide test (issue 14): the batch must be withheld before the next meal is cooked
  pesticide_positive: 120,
  // sensors (issue 17): food kept warm spoils within hours; a short UV or disinfection run is redone before the next meal
  sensor_temperature: 120,
  uv_short: 240,
  disinfection_short: 240,
  phone_use: 1440,
  no_mask: 1440,
  no_hat: 1440,
  no_uniform: 1440,
  trash_overflow: 1440,
  // 视频诊断: the picture is the supervision itself; closes by itself when the picture is good again
  video_quality: 240,
};

/** "after_hours_intrusion=60,phone_use=720" over the defaults; a malformed entry stops the start. */
export function parseAlertDeadlines(spec: string | undefined): Record<AlertType, number> {
  const table = { ...DEFAULT_ALERT_DEADLINE_MINUTES };
  for (const part of (spec ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [type, minutes] = part.split("=").map((s) => s.trim());
    const n = Number(minutes);
    if (!(ALERT_TYPES as readonly string[]).includes(type ?? "") || !Number.isInteger(n) || n < 1) {
      throw new Error(`ALERT_DEADLINES: "${part}" is not <alert type>=<minutes ≥ 1>`);
    }
    table[type as AlertType] = n;
  }
  return table;
}

export const OPEN_STATUSES = ["new", "acknowledged", "disposed"] as const satisfies readonly AlertStatus[];
/** Escalation concerns alerts the school has not yet disposed of. */
export const UNDISPOSED_STATUSES = ["new", "acknowledged"] as const satisfies readonly AlertStatus[];

export type AlertAction =
  | "acknowledge"
  | "dispose"
  | "propose_false_positive"
  | "verify"
  | "return_disposal"
  | "mark_false_positive"
  | "reject_false_positive";

type AlertFlags = { fpProposed: boolean };
const OPEN = OPEN_STATUSES;

/**
 * The disposal workflow (DESIGN §4) as data: new → acknowledged → disposed → verified | false_positive. The school
 * (alerts.dispose) acknowledges and disposes; a regulator (alerts.verify) who finds a disposal wanting returns it
 * (disposed → acknowledged) and the school disposes again. The school may propose a false positive while it has not
 * disposed of the alert; a regulator confirms it (marks a false positive, which they may also do at any open step on
 * their own judgement) or rejects the proposal, and the school goes on to dispose.
 */
export const ALERT_TRANSITIONS = {
  acknowledge: { from: ["new"], to: "acknowledged", permission: "alerts.dispose", event: "acknowledged", conflict: "alert_not_new" },
  dispose: { from: ["acknowledged"], to: "disposed", permission: "alerts.dispose", event: "disposed", requires: ["note", "photos"], conflict: "alert_not_acknowledged" },
  propose_false_positive: {
    from: ["new", "acknowledged"],
    permission: "alerts.dispose",
    event: "fp_proposed",
    when: { flags: { fpProposed: false }, otherwise: "fp_already_proposed" },
    set: { fpProposed: true },
    requires: ["note"],
    conflict: "alert_not_open",
  },
  verify: { from: ["disposed"], to: "verified", permission: "alerts.verify", event: "verified", closes: true, conflict: "alert_not_disposed" },
  return_disposal: { from: ["disposed"], to: "acknowledged", permission: "alerts.verify", event: "returned", requires: ["note"], conflict: "alert_not_disposed" },
  mark_false_positive: { from: OPEN, to: "false_positive", permission: "alerts.verify", event: "false_positive", closes: true, conflict: "alert_not_open" },
  reject_false_positive: {
    from: OPEN,
    permission: "alerts.verify",
    event: "fp_rejected",
    when: { flags: { fpProposed: true }, otherwise: "fp_not_proposed" },
    set: { fpProposed: false },
    requires: ["note"],
    conflict: "alert_not_open",
  },
} as const satisfies Record<AlertAction, Transition<AlertStatus, AlertFlags>>;

/** The new status and flag after `action`, or the conflict reason for an action out of order. */
export function transition(
  alert: { status: AlertStatus; fpProposed: boolean },
  action: AlertAction,
): { ok: true; status: AlertStatus; fpProposed: boolean; closes: boolean } | { ok: false; reason: string } {
  const outcome = decide<AlertStatus, AlertFlags>(ALERT_TRANSITIONS[action], { status: alert.status, flags: { fpProposed: alert.fpProposed } });
  return outcome.ok ? { ok: true, status: outcome.status, fpProposed: outcome.flags.fpProposed, closes: outcome.closes } : outcome;
}

export const isOverdue = (a: { status: AlertStatus; deadlineAt: number }, now: number) =>
  (UNDISPOSED_STATUSES as readonly string[]).includes(a.status) && a.deadlineAt < now;

/**
 * The false-positive rule: once a regulator has judged at least FP_MIN_JUDGED alerts of one camera and type
 * (in the last FP_WINDOW_DAYS), a false-positive rate of FP_RAISE_RATE or more raises that camera's minScore
 * and medianScore for the type by FP_RAISE_STEP (capped at FP_MAX_SCORE), twice the step from 75 %: the
 * camera then needs stronger evidence, and the rate falls as the raised camera's alerts are judged true.
 */
export const FP_MIN_JUDGED = 5;
export const FP_RAISE_RATE = 0.5;
export const FP_RAISE_STEP = 0.1;
export const FP_MAX_SCORE = 0.95;
export const FP_WINDOW_DAYS = 30;

export function fpRaise(falsePositives: number, judged: number): number {
  if (judged < FP_MIN_JUDGED) return 0;
  const rate = falsePositives / judged;
  if (rate >= 0.75) return 2 * FP_RAISE_STEP;
  if (rate >= FP_RAISE_RATE) return FP_RAISE_STEP;
  return 0;
}

export const fpRateOf = (falsePositives: number, judged: number) => ({
  falsePositives,
  judged,
  rate: judged ? falsePositives / judged : 0,
  raised: fpRaise(falsePositives, judged) > 0,
});
