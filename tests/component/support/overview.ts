import type { FiguresView, OverviewRowView, OverviewView } from "../../../client/api/overview.ts";

/** The figures of an area as GET /overview answers them (defaults: a healthy district), overridable in parts. */
export function figures(over: { onlineRate?: number | null; registered?: number } = {}): FiguresView {
  const rate = over.onlineRate === undefined ? 0.917 : over.onlineRate;
  const registered = over.registered ?? 12;
  return {
    schools: registered,
    coverage: { registered, platform: registered, video: registered, both: registered, rate: registered ? 1 : null },
    online: { now: { cameras: 84, online: 80, rate: 80 / 84 }, period: { cameras: 84, measured: 84, rate, percent: rate === null ? null : Math.round(rate * 1000) / 10, outages: 3, offlineHours: 4.5 } },
    alerts: { total: 10, open: 1, disposedOnTime: 7, overdue: 1, falsePositive: 1, onTimeRate: 7 / 8, falsePositiveRate: 0.1 },
    orders: { issued: 4, open: 2, overdue: 1, closed: 2, closedOnTime: 2, onTimeRate: 1 },
    recording: { cameras: 84, recordedHours: 36_000, rate: 0.981 },
    patrol: { total: registered, covered: 9, rate: registered ? 9 / registered : null },
    ledgers: { due: 100, done: 93, rate: 0.93 },
    complaints: { total: 2, open: 1, overdue: 0, answered: 1 },
    ratings: { count: 5, average: 4.2 },
  };
}

export function overviewOf(over: Partial<OverviewView> = {}): OverviewView {
  return {
    level: "district",
    place: { code: "420704", name: "鄂城区", level: "district" },
    school: null,
    trail: [{ code: "420704", name: "鄂城区", level: "district" }],
    period: { from: "2026-11-01", to: "2026-11-20", asOf: "2026-11-20T10:00:00.000+08:00", current: true, semesterFrom: "2026-09-01", semesterTo: "2027-01-31" },
    total: figures(),
    links: { coverage: "/overview/survey?region=420704", online: "/overview/cameras?region=420704", alerts: "/alerts", alertsOverdue: "/alerts?open=1", orders: "/orders", ordersOverdue: "/orders?overdue=true", patrol: "/patrol/coverage?region=420704", ledgers: "/ledgers/overview", complaints: "/complaints", schools: "/schools?region=420704" },
    rows: [],
    cameras: [],
    risk: [{ canteenId: "cnt_school000001", canteenName: "鄂城区第一中学食堂", district: "420704", score: 45, grade: "high", factors: [{ factor: "overdue_orders", value: 2, points: 20 }, { factor: "quantified_grade", value: "C", points: 15 }, { factor: "days_since_patrol", value: 40, points: 10 }], trend: [...Array<null>(25).fill(null), 20, 25, 35, 40, 45] }],
    warnings: { open: 0, flagged: 0, items: [] },
    ...over,
  };
}

export const rowOf = (key: string, name: string, onlineRate: number): OverviewRowView => ({ key, name, kind: "school", drill: `/overview?school=${key}`, ...figures({ onlineRate, registered: 1 }) });
