/**
 * What waits for this user in the alert inbox, for the badge on the navigation: the school's steps (new and
 * acknowledged alerts) for those who dispose, the regulator's (disposals to verify, proposed false positives)
 * for those who verify. Refreshed on sign-in, every minute, and by the inbox after it changes something.
 */
import { createSignal } from "solid-js";
import { getAlertSummary } from "../api/alerts.ts";
import type { Me } from "../types.ts";

type Summary = Awaited<ReturnType<typeof getAlertSummary>>;

const [summary, setSummary] = createSignal<Summary | null>(null);

/** The number the badge shows for this user (0: no badge). */
export function waitingFor(me: Me, s: Summary | null = summary()): number {
  if (!s) return 0;
  let n = 0;
  if (me.permissions.includes("alerts.dispose")) n += s.new + s.acknowledged;
  if (me.permissions.includes("alerts.verify")) n += s.disposed + s.fpProposed;
  return n;
}

let inFlight: Promise<void> | null = null;
export function refreshAlertCounts(): Promise<void> {
  inFlight ??= getAlertSummary()
    .then((s) => void setSummary(s))
    // a badge that cannot be read is left as it was: the inbox itself says what went wrong
    .catch(() => undefined)
    .finally(() => (inFlight = null));
  return inFlight;
}

export const clearAlertCounts = () => setSummary(null);
export { summary as alertSummary };
