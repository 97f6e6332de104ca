import { DEFAULT_DEADLINE_DAYS } from "../../../server/contracts/enums.ts";
import type { OrderSeverity } from "../../types.ts";

/** The days per severity are shared with the server (enums.ts); the dialog sends a deadline only when the inspector changed it. */
export { DEFAULT_DEADLINE_DAYS };

/** `YYYY-MM-DDTHH:mm` in local time, as an <input type="datetime-local"> holds it. */
export function toLocalInput(date: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}`;
}

/** A datetime-local value as ISO 8601 with this browser's offset (the API wants an explicit offset); null if invalid. */
export function localInputToIso(value: string): string | null {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) || Number.isNaN(date.getTime())) return null;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const p = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  return `${value}:00${sign}${p(offset / 60)}:${p(offset % 60)}`;
}

/** The default deadline of a severity counted from `from` (as the server counts it from the issue time). */
export const defaultDeadline = (severity: OrderSeverity, from: Date): Date => new Date(from.getTime() + DEFAULT_DEADLINE_DAYS[severity] * 86_400_000);
