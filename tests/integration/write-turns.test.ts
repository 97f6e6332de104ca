/**
 * Writes of one process take turns on an embedded libSQL file (db/write-turns.ts), against the real driver: a bare
 * write during another transaction waits for it instead of deadlocking until SQLITE_BUSY, and a write failed by
 * another process's lock leaves no connection on a stale snapshot.
 */
import { createClient, type Client } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import { isRead, takeWriteTurns } from "../../db/write-turns.ts";
import { tempWorkspace } from "../support/workspace.ts";

const open: Client[] = [];
const folders: Array<{ remove(): void }> = [];

async function fileDatabase(busyTimeoutMs: number) {
  const workspace = tempWorkspace("write-turns");
  folders.push(workspace);
  const url = workspace.env.DATABASE_URL!;
  const raw = createClient({ url, timeout: busyTimeoutMs });
  open.push(raw);
  await raw.execute("PRAGMA journal_mode = WAL");
  await raw.execute("create table t (x integer)");
  return { url, raw };
}

afterEach(() => {
  for (const c of open.splice(0)) c.close();
  for (const f of folders.splice(0)) f.remove();
});

describe("write turns in one process", () => {
  it("a bare write issued while a transaction is open waits for its commit, and both land", async () => {
    const { raw } = await fileDatabase(300);
    const client = takeWriteTurns(raw, { waitMs: 5_000 });
    const tx = await client.transaction("write");
    await tx.execute("insert into t values (1)");
    let landed = false;
    const bare = client.execute("insert into t values (2)").then(() => (landed = true));
    // the transaction goes on between its statements while the bare write waits for its turn (unwrapped, the bare
    // write would block the event loop in the busy handler and fail with SQLITE_BUSY)
    await tx.execute("insert into t values (3)");
    expect(landed).toBe(false);
    await tx.commit();
    await bare;
    expect(landed).toBe(true);
    const rows = await client.execute("select x from t order by rowid");
    expect(rows.rows.map((r) => Number(r.x))).toEqual([1, 3, 2]);
  });

  it("reads do not wait for an open transaction", async () => {
    const { raw } = await fileDatabase(300);
    const client = takeWriteTurns(raw, { waitMs: 5_000 });
    await client.execute("insert into t values (7)");
    const tx = await client.transaction("write");
    await tx.execute("insert into t values (8)");
    const read = await client.execute("select count(*) as n from t");
    expect(Number(read.rows[0]!.n)).toBe(1); // the committed state, at once
    await tx.rollback();
  });

  it("a write that gets no turn in time fails as busy, and the writes after it still take their turns", async () => {
    const { raw } = await fileDatabase(300);
    const client = takeWriteTurns(raw, { waitMs: 200 });
    const tx = await client.transaction("write");
    const starved = client.execute("insert into t values (1)");
    await expect(starved).rejects.toMatchObject({ code: "SQLITE_BUSY" });
    const later = client.execute("insert into t values (2)");
    await tx.commit();
    await later;
    const rows = await client.execute("select x from t");
    expect(rows.rows.map((r) => Number(r.x))).toEqual([2]);
  });

  it("a rolled-back or failed transaction ends its turn", async () => {
    const { raw } = await fileDatabase(300);
    const client = takeWriteTurns(raw, { waitMs: 1_000 });
    const tx = await client.transaction("write");
    await expect(tx.execute("insert into missing values (1)")).rejects.toThrow();
    await tx.rollback();
    const closed = await client.transaction("write");
    closed.close();
    await client.execute("insert into t values (5)");
    expect((await client.execute("select count(*) as n from t")).rows[0]!.n).toBe(1);
  });
});

describe("a write failed by another process's lock", () => {
  it("leaves no connection on a stale snapshot: the next transaction commits", async () => {
    const { url, raw } = await fileDatabase(200);
    const client = takeWriteTurns(raw, { waitMs: 5_000 });
    // another process on the same file (a second client stands for it) holds the write lock past the busy timeout
    const other = createClient({ url, timeout: 200 });
    open.push(other);
    const held = await other.transaction("write");
    await held.execute("insert into t values (1)");
    await expect(client.execute("insert into t values (2)")).rejects.toMatchObject({ code: "SQLITE_BUSY" });
    await held.commit();
    // unwrapped, the failed statement stays in progress on its connection and this COMMIT fails
    const tx = await client.transaction("write");
    await tx.execute("insert into t values (3)");
    await tx.commit();
    const rows = await client.execute("select x from t order by rowid");
    expect(rows.rows.map((r) => Number(r.x))).toEqual([1, 3]);
  });
});

describe("what counts as a read", () => {
  it.each([
    ["select * from t", true],
    ["  SELECT updated_at from t", true],
    ["with a as (select 1) select * from a", true],
    ["with a as (select 1) delete from t where x in (select * from a)", false],
    ["insert into t values (1)", false],
    ["update t set x = 1", false],
    ["PRAGMA journal_mode = WAL", false],
    ["delete from t where rowid in (select rowid from t limit 10)", false],
  ])("%s → %s", (sql, read) => {
    expect(isRead(sql)).toBe(read);
    expect(isRead({ sql, args: [] })).toBe(read);
  });
});
