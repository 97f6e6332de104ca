import { lang, t } from "../../i18n/index.ts";
import { CHINA_TIME_ZONE } from "../../i18n/chinaTime.ts";

/** One risk factor's contribution, as the draw page and the overview show it: "未处置预警 2 条 +8". */
export function factorText(f: { factor: string; value: number | string | null; points: number }): string {
  if (f.value === null && f.factor === "days_since_patrol") return `${t("draw.factor.neverPatrolled")} +${f.points}`;
  if (f.value === null && f.factor === "camera_online_rate") return `${t("draw.factor.noCamera")} +${f.points}`;
  if (f.value === null && f.factor === "quantified_grade") return `${t("draw.factor.noGrade")} +${f.points}`;
  const value = f.value === null ? t("draw.factor.none") : f.factor === "camera_online_rate" && typeof f.value === "number" ? `${Math.round(f.value * 100)}%` : String(f.value);
  return `${t(`draw.factor.${f.factor}` as "draw.factor.open_alerts", { value })} +${f.points}`;
}

export const gradeClass = (g: "high" | "medium" | "low") => `badge badge-risk-${g}`;

/** A hash shortened for tables (the full one is in the title). */
export const shortHash = (h: string | null) => (h ? `${h.slice(0, 12)}…${h.slice(-6)}` : "—");

/** A China-time date in the UI language; `lastDayOf` for an exclusive end (the day before it). */
export function formatDay(iso: string, lastDayOf = false): string {
  const at = new Date(iso).getTime() - (lastDayOf ? 1 : 0);
  return new Intl.DateTimeFormat(lang(), { dateStyle: "medium", timeZone: CHINA_TIME_ZONE }).format(new Date(at));
}
