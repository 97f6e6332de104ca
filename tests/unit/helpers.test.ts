import { describe, expect, it } from "vitest";
import { DUMMY_HASH, hashPassword, verifyPassword } from "../../server/accounts/password.ts";
import { newId, randomChars } from "../../server/auth/tokens.ts";
import { Id } from "../../server/contracts/common.ts";
import { retryAfterSeconds } from "../../server/accounts/rules.ts";
import { toIso } from "../../server/clock/time.ts";
import { pickLang } from "../../server/http/i18n.ts";
import { containsPattern, decodeCursor, encodeCursor, pageFrom } from "../../server/http/pagination.ts";

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
  it("round-trips cursors and refuses garbage with a validation error", () => {
    const c = { name: "鄂城区第一中学", id: "org_x" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor(undefined)).toBeNull();
    expect(() => decodeCursor("not-a-cursor")).toThrow();
  });
  it("returns a next cursor only when more rows exist", () => {
    const rows = [1, 2, 3].map((i) => ({ name: `n${i}`, id: `id${i}` }));
    expect(pageFrom(rows, 3).nextCursor).toBeNull();
    const { page, nextCursor } = pageFrom(rows, 2);
    expect(page).toHaveLength(2);
    expect(decodeCursor(nextCursor!)).toEqual({ name: "n2", id: "id2" });
  });
  it("escapes LIKE wildcards", () => {
    expect(containsPattern("50%_a")).toBe("%50\\%\\_a%");
  });
});
