import { describe, expect, it } from "vitest";
import { DUMMY_HASH, hashPassword, verifyPassword } from "../../server/accounts/password.ts";
import { newId, randomChars } from "../../server/auth/tokens.ts";
import { cursorOf, Id } from "../../server/contracts/common.ts";
import { retryAfterSeconds } from "../../server/accounts/rules.ts";
import { toIso } from "../../server/clock/time.ts";
import { pickLang } from "../../server/http/i18n.ts";
import { integer, SQLiteSyncDialect, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { containsPattern, keyset } from "../../server/http/pagination.ts";

describe("passwords", () => {
  it("verifies the right password and rejects others, salted per hash", async () => {
    const a = await hashPassword("correct horse", 1000);
    const b = await hashPassword("correct horse", 1000);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horsf", a)).toBe(false);
    expect(await verifyPassword("anything", "garbage")).toBe(false);
    expect(await verifyPassword("anything", DUMMY_HASH)).toBe(false);
  });
});

describe("ids and tokens", () => {
  it("match the API's id format and do not repeat", () => {
    const ids = Array.from({ length: 1000 }, () => newId("org"));
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids.slice(0, 20)) expect(Id.safeParse(id).success).toBe(true);
    expect(randomChars(50)).toMatch(/^[A-Za-z0-9]{50}$/);
  });
});

describe("time, language, throttling", () => {
  it("formats China time with its offset", () => {
    expect(toIso(Date.UTC(2026, 10, 23, 4, 0, 0))).toBe("2026-11-23T12:00:00.000+08:00");
  });
  it("defaults to zh-CN, English only when preferred", () => {
    expect(pickLang(undefined)).toBe("zh-CN");
    expect(pickLang("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(pickLang("en-GB,en;q=0.9")).toBe("en");
    expect(pickLang("fr-FR")).toBe("zh-CN");
  });
  it("retry-after counts down from the oldest failure in the window", () => {
    expect(retryAfterSeconds([1000, 5000], 60_000, 31_000)).toBe(30);
    expect(retryAfterSeconds([0], 1000, 5000)).toBe(1);
  });
});

describe("pagination", () => {
  const t = sqliteTable("t", { id: text("id"), at: integer("at") });
  const newest = keyset("desc", [t.at, t.id], (r: { at: number; id: string }) => [r.at, r.id]);
  const sql = (s: ReturnType<typeof newest.after>) => new SQLiteSyncDialect().sqlToQuery(s!);
  it("pages with a cursor of the last row that the next query continues after, in the list's order", () => {
    const rows = [3, 2, 1].map((at) => ({ at, id: `id${at}` }));
    expect(newest.page(rows, 3).nextCursor).toBeNull();
    const { page, nextCursor } = newest.page(rows, 2);
    expect(page.map((r) => r.id)).toEqual(["id3", "id2"]);
    expect(nextCursor).toBe(newest.cursorOf(rows[1]!));
    const next = sql(newest.after(nextCursor!));
    expect(next.sql).toBe('("t"."at" < ? or ("t"."at" = ? and "t"."id" < ?))');
    expect(next.params).toEqual([2, 2, "id2"]);
    expect(newest.after(undefined)).toBeUndefined();
  });
  it("refuses garbage and a cursor of another shape with a validation error", () => {
    const other = keyset("asc", [t.id], (r: { id: string }) => [r.id]).cursorOf({ id: "x" });
    for (const bad of ["not-a-cursor", other, "1e999.~YQ", "12.34.~YQ"]) {
      expect(() => newest.after(bad)).toThrow(expect.objectContaining({ code: "validation_failed" }));
    }
  });
  it("writes cursors the list's contract pattern accepts — and everything it accepts decodes — even for a 100-character Chinese name", () => {
    const byName = keyset("asc", [t.id, t.at], (r: { name: string; id: string }) => [r.name, r.id]);
    const cursor = byName.cursorOf({ name: "鄂".repeat(100), id: newId("org") });
    expect(cursor.length).toBeGreaterThan(200);
    expect(cursorOf("text", "text").safeParse(cursor).success).toBe(true);
    expect(cursorOf("number", "text").safeParse(cursor).success).toBe(false);
    expect(cursorOf("number", "text").safeParse(newest.cursorOf({ at: 1_795_400_000_000, id: "alr_x" })).success).toBe(true);
    // any string of the pattern is a position to continue from, never an error
    for (const odd of ["0.~", "-5.~____", "9999999999999999.~AAAA"]) {
      expect(cursorOf("number", "text").safeParse(odd).success).toBe(true);
      expect(() => newest.after(odd)).not.toThrow();
    }
  });
  it("escapes LIKE wildcards", () => {
    expect(containsPattern("50%_a")).toBe("%50\\%\\_a%");
  });
});
