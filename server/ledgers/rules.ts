import { canonicalJson } from "../audit/rules.ts";
import { createHash } from "node:crypto";
import { type Cadence, FEVER_CELSIUS, LEDGER_KIND_NAMES, LEDGER_KINDS, type LedgerKind, SAMPLE_KEEP_HOURS } from "./kinds.ts";

/** Pure rules of the ledgers (issue 14): days in China time, when an entry may be made, certificates, the chain. */

const CST = 8 * 3600_000;
const DAY = 86_400_000;
/** an event this far ahead of the server's clock is still "now" (phones' clocks drift) */
export const CLOCK_SKEW_MS = 5 * 60_000;
export const DEFAULT_BACKDATE_DAYS = 3;
export const DEFAULT_MEALS = ["lunch"] as const;

/** YYYY-MM-DD of an instant, China time */
export const chinaDay = (ms: number) => new Date(ms + CST).toISOString().slice(0, 10);
/** the instant a China day starts */
export const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`) - CST;
export const addDays = (day: string, n: number) => chinaDay(dayStart(day) + n * DAY);
export const daysBetween = (from: string, to: string) => Math.round((dayStart(to) - dayStart(from)) / DAY);
/** the Monday of a day's week */
export const mondayOf = (day: string) => addDays(day, -((new Date(dayStart(day) + CST).getUTCDay() + 6) % 7));

export type TimingProblem = "event_in_future" | "backdated_beyond_window";

/** Whether an entry for `eventAt` may be entered at `now`, and whether it is late (after its day closed). */
export function entryTiming(eventAt: number, now: number, backdateDays: number): { problem: TimingProblem } | { late: boolean; day: string } {
  if (eventAt > now + CLOCK_SKEW_MS) return { problem: "event_in_future" };
  const day = chinaDay(eventAt);
  if (daysBetween(day, chinaDay(now)) > backdateDays) return { problem: "backdated_beyond_window" };
  return { late: chinaDay(now) > day, day };
}

export type CertificateStatus = "expired" | "expires_today" | "within_7_days" | "within_30_days" | "valid";

/** Warnings 30 and 7 days before expiry and on the day; the day after it, expired. */
export function certificateStatus(expiresOn: string, today: string): CertificateStatus {
  const left = daysBetween(today, expiresOn);
  if (left < 0) return "expired";
  if (left === 0) return "expires_today";
  if (left <= 7) return "within_7_days";
  if (left <= 30) return "within_30_days";
  return "valid";
}

/** 健康证 as the public page shows it: the first 2 and last 2 characters. */
export const maskCertificate = (no: string) => (no.length <= 4 ? "*".repeat(no.length) : `${no.slice(0, 2)}${"*".repeat(no.length - 4)}${no.slice(-2)}`);

/** The kinds' own rules, beyond their schema: a reason (the API's 400/409 reason) or null. */
export function morningCheckProblem(d: { temperature: number; symptoms: string[]; fit: boolean }, certificate: CertificateStatus): { status: 400 | 409; reason: string } | null {
  if (!d.fit) return null;
  if (certificate === "expired") return { status: 409, reason: "health_certificate_expired" };
  if (d.temperature >= FEVER_CELSIUS || d.symptoms.length > 0) return { status: 400, reason: "fit_with_symptoms" };
  return null;
}

export function disinfectionProblem(d: { method: string; startAt: string; endAt: string; temperatureC?: number; concentrationMgL?: number }): string | null {
  if (Date.parse(d.endAt) <= Date.parse(d.startAt)) return "end_before_start";
  if (d.method === "heat" && d.temperatureC === undefined) return "temperature_required";
  if (d.method === "chemical" && d.concentrationMgL === undefined) return "concentration_required";
  return null;
}

/** 进货查验: goods past their shelf life on the day they arrive cannot be accepted. */
export function purchaseProblem(d: { productionDate: string; shelfLifeDays: number; result: string }, day: string): string | null {
  if (d.productionDate > day) return "produced_after_delivery";
  if (d.result === "accepted" && addDays(d.productionDate, d.shelfLifeDays) < day) return "expired_on_arrival";
  return null;
}

/** 留样: the earliest moment the sample may be discarded. */
export const sampleDiscardAfter = (eventAt: number) => eventAt + SAMPLE_KEEP_HOURS * 3600_000;

/** The hash of one version in its canteen's chain. */
export function entryHash(prevHash: string, e: { seq: number; id: string; canteenId: string; kind: string; entryKey: string; version: number; data: string; eventAt: number; enteredAt: number; enteredBy: string; reason: string | null; photos: string[] }): string {
  return createHash("sha256").update(`${prevHash}\n${canonicalJson(e)}`).digest("hex");
}

/** Effective cadence of each kind for a canteen: the registry's unless the canteen overrides it. */
export function cadencesOf(overrides: Partial<Record<LedgerKind, Cadence>>): Record<LedgerKind, Cadence> {
  return Object.fromEntries(LEDGER_KIND_NAMES.map((k) => [k, overrides[k] ?? LEDGER_KINDS[k].cadence])) as Record<LedgerKind, Cadence>;
}

export interface KindCount {
  kind: LedgerKind;
  cadence: Cadence;
  due: number;
  done: number;
  /** subjects still missing (staff ids, meals); "entry" for a kind due once */
  missing: string[];
}

/**
 * What was due and what is done for one canteen over `days` days. `subjects[kind]` are the distinct
 * (day, subject) pairs recorded ("day|subject"); per_person_day is due for each active person each day,
 * per_meal for each meal served, daily once a day, weekly/monthly once per week/month touched, per_event never.
 */
export function completeness(input: {
  days: string[];
  cadences: Record<LedgerKind, Cadence>;
  staffIds: string[];
  meals: readonly string[];
  recorded: Partial<Record<LedgerKind, Set<string>>>;
}): KindCount[] {
  const out: KindCount[] = [];
  for (const kind of LEDGER_KIND_NAMES) {
    const cadence = input.cadences[kind];
    const rec = input.recorded[kind] ?? new Set<string>();
    const expect: string[] = [];
    const periods = (key: (d: string) => string) => [...new Set(input.days.map(key))];
    if (cadence === "per_person_day") for (const d of input.days) for (const s of input.staffIds) expect.push(`${d}|${s}`);
    else if (cadence === "per_meal") for (const d of input.days) for (const m of input.meals) expect.push(`${d}|${m}`);
    else if (cadence === "daily") for (const d of input.days) expect.push(`${d}|`);
    else if (cadence === "weekly") for (const w of periods(mondayOf)) expect.push(`W${w}|`);
    else if (cadence === "monthly") for (const m of periods((d) => d.slice(0, 7))) expect.push(`M${m}|`);
    const missing = expect.filter((e) => !rec.has(e));
    out.push({ kind, cadence, due: expect.length, done: expect.length - missing.length, missing });
  }
  return out;
}

/** The key an entry counts under in `completeness` for its cadence. */
export function recordedKey(cadence: Cadence, day: string, subject: string | null): string {
  if (cadence === "weekly") return `W${mondayOf(day)}|`;
  if (cadence === "monthly") return `M${day.slice(0, 7)}|`;
  if (cadence === "daily" || cadence === "per_event") return `${day}|`;
  return `${day}|${subject ?? ""}`;
}

export const rateOf = (due: number, done: number) => (due === 0 ? 1 : Math.round((done / due) * 1000) / 1000);

/** Cadences counted day by day (a canteen-day's rollup holds how many of these are done). */
export const DAY_CADENCES: ReadonlySet<Cadence> = new Set(["per_person_day", "per_meal", "daily"]);

/** A period as `dueOf` counts it: its days, the weeks and the months it touches. */
export const periodShape = (days: string[]) => ({ days: days.length, weeks: new Set(days.map(mondayOf)).size, months: new Set(days.map((d) => d.slice(0, 7))).size });

/** What one canteen owes over a period (the `due` of `completeness`, without listing the keys). */
export function dueOf(period: ReturnType<typeof periodShape>, input: { cadences: Record<LedgerKind, Cadence>; staff: number; meals: number }): number {
  let due = 0;
  for (const kind of LEDGER_KIND_NAMES) {
    const c = input.cadences[kind];
    due += c === "per_person_day" ? period.days * input.staff : c === "per_meal" ? period.days * input.meals : c === "daily" ? period.days : c === "weekly" ? period.weeks : c === "monthly" ? period.months : 0;
  }
  return due;
}

/**
 * One canteen-day's rollup from its current versions: `done` of the kinds counted day by day (as `completeness`
 * counts them), the weekly and monthly kinds recorded that day, and the versions that need attention.
 */
export function dayRollup(
  day: string,
  rows: Array<{ kind: string; subject: string | null; flagged: boolean }>,
  ctx: { cadences: Record<LedgerKind, Cadence>; staffIds: string[]; meals: readonly string[] },
) {
  const recorded: Partial<Record<LedgerKind, Set<string>>> = {};
  const periodic = new Set<string>();
  for (const r of rows) {
    const kind = r.kind as LedgerKind;
    const cadence = ctx.cadences[kind];
    if (!cadence) continue;
    if (cadence === "weekly" || cadence === "monthly") periodic.add(kind);
    (recorded[kind] ??= new Set()).add(recordedKey(cadence, day, r.subject));
  }
  const done = completeness({ days: [day], cadences: ctx.cadences, staffIds: ctx.staffIds, meals: ctx.meals, recorded })
    .filter((k) => DAY_CADENCES.has(k.cadence))
    .reduce((n, k) => n + k.done, 0);
  return { done, periodic: periodic.size ? [...periodic].sort().join(",") : null, flagged: rows.filter((r) => r.flagged).length, entries: rows.length };
}

/** The distinct weekly and monthly periods a canteen covered, from its rollups' `day:periodic` pairs. */
export function periodicDone(pairs: Array<{ day: string; periodic: string }>, cadences: Record<LedgerKind, Cadence>): number {
  const keys = new Set<string>();
  for (const { day, periodic } of pairs) {
    for (const kind of periodic.split(",") as LedgerKind[]) {
      if (cadences[kind] === "weekly") keys.add(`${kind}|W${mondayOf(day)}`);
      else if (cadences[kind] === "monthly") keys.add(`${kind}|M${day.slice(0, 7)}`);
    }
  }
  return keys.size;
}
