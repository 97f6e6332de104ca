import type { AlertType } from "./ingest-contracts.ts";
import type { AlertStatus } from "./contracts.ts";
import { ALERT_TYPES } from "../contracts/enums.ts";

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
  phone_use: 1440,
  no_mask: 1440,
  no_hat: 1440,
  no_uniform: 1440,
  trash_overflow: 1440,
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
/** Who may take each action: the school disposes, the regulator judges. */
export const ACTION_SIDE: Record<AlertAction, "school" | "regulator"> = {
  acknowledge: "school",
  dispose: "school",
  propose_false_positive: "school",
  verify: "regulator",
  return_disposal: "regulator",
  mark_false_positive: "regulator",
  reject_false_positive: "regulator",
};

/**
 * The disposal workflow (DESIGN §4): new → acknowledged → disposed → verified | false_positive. A regulator
 * who finds a disposal wanting returns it (disposed → acknowledged) and the school disposes again. The school
 * may propose a false positive while it has not disposed of the alert; a regulator confirms it (marks a false
 * positive, which they may also do at any open step on their own judgement) or rejects the proposal, and the
 * school goes on to dispose. Returns the new status and flag, or the conflict reason for an action out of order.
 */
export function transition(
  alert: { status: AlertStatus; fpProposed: boolean },
  action: AlertAction,
): { ok: true; status: AlertStatus; fpProposed: boolean; closes: boolean } | { ok: false; reason: string } {
  const { status, fpProposed } = alert;
  switch (action) {
    case "acknowledge":
      return status === "new" ? { ok: true, status: "acknowledged", fpProposed, closes: false } : { ok: false, reason: "alert_not_new" };
    case "dispose":
      return status === "acknowledged" ? { ok: true, status: "disposed", fpProposed, closes: false } : { ok: false, reason: "alert_not_acknowledged" };
    case "propose_false_positive":
      if (fpProposed) return { ok: false, reason: "fp_already_proposed" };
      return status === "new" || status === "acknowledged" ? { ok: true, status, fpProposed: true, closes: false } : { ok: false, reason: "alert_not_open" };
    case "verify":
      return status === "disposed" ? { ok: true, status: "verified", fpProposed, closes: true } : { ok: false, reason: "alert_not_disposed" };
    case "return_disposal":
      return status === "disposed" ? { ok: true, status: "acknowledged", fpProposed, closes: false } : { ok: false, reason: "alert_not_disposed" };
    case "mark_false_positive":
      return (OPEN_STATUSES as readonly string[]).includes(status) ? { ok: true, status: "false_positive", fpProposed, closes: true } : { ok: false, reason: "alert_not_open" };
    case "reject_false_positive":
      if (!(OPEN_STATUSES as readonly string[]).includes(status)) return { ok: false, reason: "alert_not_open" };
      return fpProposed ? { ok: true, status, fpProposed: false, closes: false } : { ok: false, reason: "fp_not_proposed" };
  }
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
