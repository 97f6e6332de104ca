import { createSignal } from "solid-js";
import { listAlerts } from "../../api/alerts.ts";
import { chinaInputToIso } from "../../i18n/chinaTime.ts";
import type { Alert, AlertStatus, AlertType } from "../../types.ts";

export interface AlertFilters {
  type: string;
  status: string;
  canteenId: string;
  from: string;
  to: string;
  /** only alerts not closed yet (the overview's link to the alerts still waiting) */
  open: boolean;
}

export const PAGE_SIZE = 30;

/** datetime-local (China time in the UI) → ISO with offset for the API */
const iso = (local: string) => (local ? (chinaInputToIso(local) ?? undefined) : undefined);

/** Whether an alert pushed live belongs in the list under the current filters. */
export function matches(a: Alert, f: AlertFilters): boolean {
  if (f.type && a.type !== f.type) return false;
  if (f.status && a.status !== f.status) return false;
  if (f.canteenId && a.canteenId !== f.canteenId) return false;
  if (f.from && Date.parse(a.occurredAt) < Date.parse(iso(f.from)!)) return false;
  if (f.to && Date.parse(a.occurredAt) > Date.parse(iso(f.to)!)) return false;
  if (f.open && a.closedAt) return false;
  return true;
}

/**
 * The inbox's rows: the newest-first list by cursor, kept current by live pushes (upsert by id) and, after
 * a reconnect, by the change feed from the last syncCursor.
 */
export function createAlertList(filters: () => AlertFilters) {
  const [items, setItems] = createSignal<Alert[]>([]);
  const [nextCursor, setNextCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  let syncCursor: string | null = null;
  let generation = 0;

  const query = (extra: { cursor?: string; since?: string }) => {
    const f = filters();
    // the selects list only the contract's values ("" for all)
    return { type: f.type as AlertType | "", status: f.status as AlertStatus | "", canteenId: f.canteenId, from: iso(f.from), to: iso(f.to), open: f.open ? ("1" as const) : undefined, limit: PAGE_SIZE, ...extra };
  };

  function upsert(alert: Alert) {
    setItems((old) => {
      const rest = old.filter((a) => a.id !== alert.id);
      if (!matches(alert, filters())) return rest;
      return [...rest, alert].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || (b.id < a.id ? -1 : 1));
    });
  }

  async function load(cursor?: string) {
    const mine = cursor ? generation : ++generation;
    setLoading(true);
    setError(undefined);
    try {
      const page = await listAlerts(query({ cursor }));
      if (mine !== generation) return;
      setItems((old) => (cursor ? [...old, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
      if (!cursor) syncCursor = page.syncCursor;
    } catch (e) {
      if (mine === generation) setError(e);
    } finally {
      if (mine === generation) setLoading(false);
    }
  }

  /** what changed while we were not connected, page after page */
  async function catchUp() {
    // no list yet: its first load, still running, covers it
    if (!syncCursor) return;
    try {
      for (let i = 0; i < 20; i++) {
        const page = await listAlerts(query({ since: syncCursor ?? undefined }));
        page.items.forEach(upsert);
        syncCursor = page.syncCursor;
        if (page.items.length < PAGE_SIZE) break;
      }
    } catch (e) {
      setError(e);
    }
  }

  return { items, nextCursor, loading, error, upsert, reload: () => load(), loadMore: () => (nextCursor() ? load(nextCursor()!) : Promise.resolve()), catchUp };
}
