/** The demo city's history (db/seed/history.ts, seeded by `npm start`): its span, its statuses, and that it keeps the evidence rules. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, max, min } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, migrateDatabase, openDatabase } from "../../db/client.ts";
import { alerts, cameras, cameraStatusEvents, canteens, inspections, orders, orderSequences, riskDays, riskWarnings } from "../../db/schema/index.ts";
import { loadConfig } from "../../server/config.ts";
import { sweepRisk } from "../../server/overview/risk-sweep.ts";
import { seedDemo } from "../../db/seed/demo.ts";
import { historyWanted, seedHistory } from "../../db/seed/history.ts";
import { verifyAuditChain } from "../../server/audit/service.ts";
import { verifyOrder } from "../../server/orders/service.ts";
import { chinaYear } from "../../server/orders/rules.ts";

const NOW = Date.UTC(2026, 11, 4, 6);
const DAY = 86_400_000;
let dir: string;
let database: Database;
let result: Awaited<ReturnType<typeof seedHistory>>;
let took: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mcll-history-"));
  database = openDatabase({ url: `file:${join(dir, "h.db")}` });
  await migrateDatabase(database);
  await seedDemo(database.db);
  const started = performance.now();
  result = await seedHistory(database.db, { now: NOW });
  took = performance.now() - started;
}, 60_000);
afterAll(() => {
  database?.client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the demo history", () => {
  it("is only seeded when SEED_HISTORY=1 (npm start sets it; the tests' harnesses do not)", () => {
    expect(historyWanted({})).toBe(false);
    expect(historyWanted({ SEED_HISTORY: "0" })).toBe(false);
    expect(historyWanted({ SEED_HISTORY: "1" })).toBe(true);
  });

  it("spans at least 90 days of camera status events, for every camera, and is quick", async () => {
    const db = database.db;
    const [span] = await db.select({ first: min(cameraStatusEvents.at), last: max(cameraStatusEvents.at) }).from(cameraStatusEvents);
    expect(NOW - span!.first!).toBeGreaterThanOrEqual(90 * DAY);
    expect(span!.last!).toBeLessThan(NOW);
    const events = await db.select({ cameraId: cameraStatusEvents.cameraId, status: cameraStatusEvents.status, at: cameraStatusEvents.at }).from(cameraStatusEvents).orderBy(cameraStatusEvents.at);
    const all = await db.select({ id: cameras.id, status: cameras.status, source: cameras.source }).from(cameras);
    expect(new Set(events.map((e) => e.cameraId)).size).toBe(all.length);
    // transitions alternate per camera, starting online, and the last one is the camera's status now
    const last = new Map<string, string>();
    for (const e of events) {
      expect(e.status).not.toBe(last.get(e.cameraId) ?? "offline");
      last.set(e.cameraId, e.status);
    }
    for (const c of all) expect(c.status).toBe(last.get(c.id));
    const offline = all.filter((c) => c.status === "offline");
    expect(offline).toHaveLength(result.offlineCameras);
    expect(offline.length).toBeGreaterThan(0);
    for (const c of offline) expect(c.source).toMatch(/^rtsp:\/\/192\.0\.2\./);
    expect(took).toBeLessThan(10_000);
  });

  it("has ended inspections with outcomes at every school, and alerts of every status, open ones too", async () => {
    const db = database.db;
    const ins = await db.select().from(inspections);
    expect(ins.length).toBe(result.inspections);
    expect(ins.every((i) => i.status === "ended" && i.outcome && i.endedAt! > i.startedAt && JSON.parse(i.checklist!).length === 5)).toBe(true);
    expect(new Set(ins.map((i) => i.kind))).toEqual(new Set(["online_patrol", "live_inspection"]));
    expect(new Set(ins.map((i) => i.result))).toEqual(new Set(["satisfactory", "issues_found"]));
    expect(new Set(ins.map((i) => i.canteenId)).size).toBe((await db.select().from(canteens)).length);

    const al = await db.select().from(alerts);
    expect(new Set(al.map((a) => a.status))).toEqual(new Set(["new", "acknowledged", "disposed", "verified", "false_positive"]));
    expect(al.some((a) => a.escalatedAt !== null && a.closedAt === null)).toBe(true);
    expect(new Set(al.map((a) => a.type)).size).toBeGreaterThanOrEqual(8);
    // a camera offline now has exactly one open camera_offline alert; one online has none
    const open = al.filter((a) => a.type === "camera_offline" && a.closedAt === null);
    expect(open.length).toBe(result.offlineCameras);
    for (const a of open) expect((await db.select().from(cameras).where(eq(cameras.id, a.cameraId!)))[0]!.status).toBe("offline");
  });

  it("has orders in every status, overdue ones, numbered in each regulator's yearly sequence, every document unchanged", async () => {
    const db = database.db;
    const os = await db.select().from(orders).orderBy(orders.issuedAt);
    expect(os.length).toBe(result.orders);
    expect(new Set(os.map((o) => o.status))).toEqual(new Set(["issued", "acknowledged", "submitted", "accepted", "closed"]));
    expect(os.some((o) => o.overdue && o.escalatedAt !== null)).toBe(true);
    const seen = new Map<string, number>();
    for (const o of os) {
      const key = `${o.issuerOrgId}:${chinaYear(o.issuedAt)}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      expect(o.number).toMatch(new RegExp(`〔${chinaYear(o.issuedAt)}〕${String(n).padStart(4, "0")}号$`));
      expect((await verifyOrder(db, o.id)).result).toBe("unchanged");
    }
    for (const s of await db.select().from(orderSequences)) expect(s.last).toBe(seen.get(`${s.regulatorOrgId}:${s.year}`));
  });

  it("shows a red warning overdue and flagged to the level above, on a canteen the live rules find high-risk, that the boot sweep keeps", async () => {
    const w = result.riskWarning!;
    expect(w).not.toBeNull();
    // 鄂城区 first: the demo's district inspector (echeng.inspector) sees it as well as the city
    expect(w.district).toBe("420704");
    expect(w.dueAt).toBeLessThan(NOW);
    expect(w.flaggedAt).toBeGreaterThanOrEqual(w.dueAt);
    expect(w.flaggedAt).toBeLessThan(NOW);
    // the sweep `npm start` runs at boot neither clears it (still high) nor settles it (no regulator acted since)
    const deps = { db: database.db, config: loadConfig({}), now: () => NOW };
    const swept = await sweepRisk(deps as never);
    expect(swept.flagged).toEqual([]);
    const [row] = await database.db.select().from(riskWarnings).where(eq(riskWarnings.id, w.id));
    expect(row).toMatchObject({ actedAt: null, clearedAt: null, flaggedAt: w.flaggedAt, openedAt: w.openedAt });
    const [day] = await database.db.select().from(riskDays).where(eq(riskDays.canteenId, w.canteenId));
    expect(day!.grade).toBe("high");
    // the sweep opened no second warning for it (one open warning per canteen)
    expect((await database.db.select().from(riskWarnings).where(eq(riskWarnings.canteenId, w.canteenId))).length).toBe(1);
  });

  it("leaves the audit chain valid", async () => {
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });
});

describe("the demo's red warning at any hour `npm start` runs", () => {
  // the history's draws fall differently by the hour of the day: at 09:00–11:00 UTC (CI's hours) chance alone once
  // left 鄂城区 without a high-risk canteen and the warning went to 黄石市, out of the demo users' sight
  it.each([1, 9, 10, 14, 20])("is planted in 鄂城区 at %i:00 UTC and stays open and flagged through the boot sweep", async (hour) => {
    const at = Date.UTC(2026, 11, 5, hour);
    const dir2 = mkdtempSync(join(tmpdir(), "mcll-history-hour-"));
    const other = openDatabase({ url: `file:${join(dir2, "h.db")}` });
    try {
      await migrateDatabase(other);
      await seedDemo(other.db);
      const { riskWarning: w } = await seedHistory(other.db, { now: at });
      expect(w?.district).toBe("420704");
      const swept = await sweepRisk({ db: other.db, config: loadConfig({}), now: () => at } as never);
      expect(swept.flagged).toEqual([]);
      const [row] = await other.db.select().from(riskWarnings).where(eq(riskWarnings.id, w!.id));
      expect(row).toMatchObject({ actedAt: null, clearedAt: null, flaggedAt: w!.flaggedAt });
    } finally {
      other.client.close();
      rmSync(dir2, { recursive: true, force: true });
    }
  }, 60_000);
});
