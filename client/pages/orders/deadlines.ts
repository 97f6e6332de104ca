import type { OrderSeverity } from "../../types.ts";

/**
 * Days a school gets per severity when the inspector keeps the default (shown in the issue dialog). The
 * server applies its own default when no deadline is sent (server/domain/orders.ts); the dialog sends a
 * deadline only when the inspector changed it.
 */
export const DEFAULT_DEADLINE_DAYS: Record<OrderSeverity, number> = { minor: 15, major: 7, critical: 3 };

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

/** The default deadline of a severity from `from`, at the end of that day (17:00 local, office hours). */
export function defaultDeadline(severity: OrderSeverity, from: Date): Date {
  const d = new Date(from.getTime() + DEFAULT_DEADLINE_DAYS[severity] * 86_400_000);
  d.setHours(17, 0, 0, 0);
  return d;
}
