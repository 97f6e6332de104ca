import type { z } from "zod";
import type { AlertAgg, CameraFig, Collected, ComplaintAgg, OrderAgg, RatingAgg } from "./collect.ts";
import type { Figures } from "./contracts.ts";
import { onlineNow, percentOf, rollUp } from "./online-rate.ts";

/**
 * The figures of any set of schools from the collected rows (pure): the whole area, one row of its breakdown, one
 * school of the monthly ranking. Rates are shares 0–1 (null when there is nothing to count); the online rate is
 * camera-weighted (online-rate.ts).
 */

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
/** the mean of the stars to two decimals (null: no rating) — from the summed stars, never an average of averages */
export const averageStars = (r: { count: number; stars: number }) => (r.count > 0 ? Math.round((r.stars / r.count) * 100) / 100 : null);
const HOUR = 3_600_000;

function sum<T extends object>(maps: Map<string, T>, orgIds: Iterable<string>, zero: T): T {
  const out = { ...zero } as Record<string, number>;
  for (const id of orgIds) {
    const row = maps.get(id) as Record<string, number> | undefined;
    if (row) for (const k of Object.keys(out)) out[k]! += row[k] ?? 0;
  }
  return out as T;
}

/** the rows of each school, built once per collection: a ranking of 20,000 schools reads each school's own rows */
const indexes = new WeakMap<Collected, Map<string, { canteens: Collected["canteens"]; cameras: CameraFig[] }>>();
function byOrg(c: Collected) {
  let index = indexes.get(c);
  if (!index) {
    index = new Map();
    const of = (orgId: string) => index!.get(orgId) ?? index!.set(orgId, { canteens: [], cameras: [] }).get(orgId)!;
    for (const r of c.canteens) of(r.orgId).canteens.push(r);
    for (const r of c.cameras) of(r.orgId).cameras.push(r);
    indexes.set(c, index);
  }
  return index;
}

export function figuresOf(c: Collected, orgIds: ReadonlySet<string> | null): z.infer<typeof Figures> {
  const index = orgIds ? byOrg(c) : null;
  const parts = index ? [...orgIds!].map((id) => index.get(id)).filter((p) => p !== undefined) : null;
  const canteenRows = parts ? parts.flatMap((p) => p.canteens) : c.canteens;
  const cameraRows: CameraFig[] = parts ? parts.flatMap((p) => p.cameras) : c.cameras;
  const schools = new Set(canteenRows.map((r) => r.orgId));
  const ids = orgIds ?? schools;

  const registered = canteenRows.length;
  const platform = canteenRows.filter((r) => r.platform).length;
  const video = canteenRows.filter((r) => r.video).length;
  const both = canteenRows.filter((r) => r.platform && r.video).length;

  const period = rollUp(cameraRows.map((r) => r.rate.rate));
  const windows = cameraRows.flatMap((r) => r.rate.windows);
  const offlineMs = cameraRows.reduce((s, r) => s + r.rate.offlineMs, 0);

  const a = sum<AlertAgg>(c.alerts, ids, { total: 0, open: 0, onTime: 0, overdue: 0, falsePositive: 0 });
  const o = sum<OrderAgg>(c.orders, ids, { issued: 0, open: 0, overdue: 0, closed: 0, closedOnTime: 0 });
  const k = sum<ComplaintAgg>(c.complaints, ids, { total: 0, open: 0, overdue: 0, answered: 0 });
  const r = sum<RatingAgg>(c.ratings, ids, { count: 0, stars: 0 });
  const covered = canteenRows.filter((r) => r.patrolled).length;
  const recordedMs = cameraRows.reduce((s, r) => s + Math.min(c.recorded.get(r.id) ?? 0, c.recordableMs), 0);
  const due = canteenRows.reduce((s, r) => s + r.ledgerDue, 0);
  const done = canteenRows.reduce((s, r) => s + r.ledgerDone, 0);
  return {
    schools: schools.size,
    coverage: { registered, platform, video, both, rate: share(both, registered) },
    online: {
      now: onlineNow(cameraRows.map((r) => r.status)),
      period: { ...period, percent: percentOf(period.rate), outages: windows.length, offlineHours: Math.round((offlineMs / HOUR) * 10) / 10 },
    },
    alerts: { total: a.total, open: a.open, disposedOnTime: a.onTime, overdue: a.overdue, falsePositive: a.falsePositive, onTimeRate: share(a.onTime, a.onTime + a.overdue), falsePositiveRate: share(a.falsePositive, a.total) },
    orders: { issued: o.issued, open: o.open, overdue: o.overdue, closed: o.closed, closedOnTime: o.closedOnTime, onTimeRate: share(o.closedOnTime, o.closed) },
    patrol: { total: registered, covered, rate: share(covered, registered) },
    ledgers: { due, done, rate: share(done, due) },
    complaints: k,
    ratings: { count: r.count, average: averageStars(r) },
    // 录像完整率 (issue 19): the cameras' recorded time over what they could have recorded in the period so far
    recording: { cameras: cameraRows.length, recordedHours: Math.round((recordedMs / HOUR) * 10) / 10, rate: share(recordedMs, cameraRows.length * c.recordableMs) },
  };
}

/** The schools of each row: orgs grouped by a key (null: in no row). */
export function groupOrgs(c: Collected, keyOf: (o: { orgId: string; regionCode: string }) => string | null) {
  const groups = new Map<string, Set<string>>();
  for (const r of c.canteens) {
    const key = keyOf(r);
    if (key === null) continue;
    (groups.get(key) ?? groups.set(key, new Set()).get(key)!).add(r.orgId);
  }
  return groups;
}
