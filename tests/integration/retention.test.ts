/**
 * The retention sweep (issue 18 item 4) on the real app and a real libSQL file: camera status events past
 * their retention go except each camera's last one before the cut (the state the online rate starts from),
 * ended sessions past theirs go, evidence (audit log, alerts) is untouched, and a second run — as another
 * instance's — deletes nothing more.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { sweepRetention } from "../../server/retention/sweep.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ CAMERA_EVENTS_KEEP_DAYS: "100", SESSION_KEEP_DAYS: "30", RETENTION_SWEEP_SECONDS: "0" }, { now: () => NOW });
});
afterAll(() => t?.close());

const count = async (sql: string, args: Array<string | number> = []) => Number((await t.client.execute({ sql, args })).rows[0]!.n);

it("deletes what is past its retention, keeps each camera's state at the cut and all evidence, and is idempotent", async () => {
  const [a, b] = (await t.client.execute("select id from cameras order by id limit 2")).rows.map((r) => String(r.id));
  const events: Array<[string, string, string, number]> = [
    ["cse_a1", a!, "offline", NOW - 300 * DAY],
    ["cse_a2", a!, "online", NOW - 200 * DAY],
    ["cse_a3", a!, "offline", NOW - 150 * DAY], // a's state at the cut: kept
    ["cse_a4", a!, "online", NOW - 10 * DAY],
    ["cse_b1", b!, "offline", NOW - 120 * DAY], // b's only event before the cut: kept
    ["cse_b2", b!, "online", NOW - 50 * DAY],
  ];
  for (const [id, cam, status, at] of events) await t.client.execute({ sql: "insert into camera_status_events (id, camera_id, status, at) values (?, ?, ?, ?)", args: [id, cam, status, at] });
  const user = String((await t.client.execute("select id from users limit 1")).rows[0]!.id);
  const sessions: Array<[string, number, number | null]> = [
    ["ses_old_expired", NOW - 40 * DAY, null],
    ["ses_old_revoked", NOW + 5 * DAY, NOW - 31 * DAY],
    ["ses_recent", NOW - 5 * DAY, null],
    ["ses_live", NOW + DAY, null],
  ];
  for (const [id, expiresAt, revokedAt] of sessions)
    await t.client.execute({ sql: "insert into auth_sessions (id, token_hash, user_id, created_at, expires_at, revoked_at) values (?, ?, ?, ?, ?, ?)", args: [id, `hash_${id}`, user, NOW - 60 * DAY, expiresAt, revokedAt] });
  const auditBefore = await count("select count(*) as n from audit_log");
  const alertsBefore = await count("select count(*) as n from alerts");

  const first = await sweepRetention({ db: t.db, config: t.config, now: () => NOW });
  expect(first).toEqual({ cameraEvents: 2, sessions: 2 });
  const left = (await t.client.execute("select id from camera_status_events where id like 'cse_%' order by id")).rows.map((r) => String(r.id));
  expect(left).toEqual(["cse_a3", "cse_a4", "cse_b1", "cse_b2"]);
  const sessionsLeft = (await t.client.execute("select id from auth_sessions where id like 'ses_%' order by id")).rows.map((r) => String(r.id));
  expect(sessionsLeft).toEqual(["ses_live", "ses_recent"]);
  expect(await count("select count(*) as n from audit_log")).toBe(auditBefore);
  expect(await count("select count(*) as n from alerts")).toBe(alertsBefore);

  expect(await sweepRetention({ db: t.db, config: t.config, now: () => NOW })).toEqual({ cameraEvents: 0, sessions: 0 });
});
