import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CONTROL_CHARACTER, LINE_CHARACTER, line, secret, SURROGATE_CHARACTER, text, textProblem } from "../../server/contracts/common.ts";
import { LoginRequest } from "../../server/accounts/contracts.ts";
import { chainHash, GENESIS_HASH, verifyChainAll, type AuditRow } from "../../server/audit/rules.ts";

/** Strings a hostile or careless client may send; `ok` = what the single-line and multi-line rules say. */
const HOSTILE: Array<{ s: string; line: boolean; text: boolean }> = [
  { s: "鄂城区第一中学食堂", line: true, text: true },
  { s: "😀👩‍🍳🇨🇳", line: true, text: true },
  { s: "e\u0301\u0327 Zalgo̸̢͓", line: true, text: true },
  { s: "שלום \u200f مرحبا \u200e", line: true, text: true },
  { s: "x".repeat(100), line: true, text: true },
  { s: "a\tb\nc", line: false, text: true },
  { s: "a\r\nb", line: false, text: true },
  { s: "a\u0000b", line: false, text: false },
  { s: "\u0007bell", line: false, text: false },
  { s: "esc\u001b[31m", line: false, text: false },
  { s: "del\u007f", line: false, text: false },
  { s: "c1\u0085", line: false, text: false },
  { s: "lone \ud800 high", line: false, text: false },
  { s: "lone \udc00 low", line: false, text: false },
  { s: "evil\u202egnp.exe", line: false, text: true },
  { s: "iso\u2066late\u2069", line: false, text: true },
  { s: "para\u2029graph", line: false, text: true },
];

describe("the shared text rules at the edge", () => {
  it.each(HOSTILE)("single-line and multi-line verdicts for %j", ({ s, line: lineOk, text: textOk }) => {
    expect(textProblem(s, { singleLine: true }) === null).toBe(lineOk);
    expect(textProblem(s, { singleLine: false }) === null).toBe(textOk);
    expect(line({ max: 500 }).safeParse(s).success).toBe(lineOk);
    expect(text({ max: 500 }).safeParse(s).success).toBe(textOk);
  });

  it("names the problem", () => {
    expect(textProblem("a\u0000b", { singleLine: false })).toBe(CONTROL_CHARACTER);
    expect(textProblem("a\ud800", { singleLine: false })).toBe(SURROGATE_CHARACTER);
    expect(textProblem("a\u202eb", { singleLine: true })).toBe(LINE_CHARACTER);
  });

  it("multi-line text keeps tab and LF and normalises CR LF and lone CR to LF", () => {
    expect(text({ max: 50 }).parse("  a\tb\r\nc\rd  ")).toBe("a\tb\nc\nd");
  });

  it("bounds count characters of the text as sent, as the document does; a required text needs more than whitespace", () => {
    expect(line({ min: 1, max: 3 }).safeParse("   ").success).toBe(false);
    expect(line({ min: 1, max: 5 }).parse(" abc ")).toBe("abc");
    expect(line({ min: 1, max: 3 }).safeParse(" abc ").success).toBe(false);
    expect(text({ max: 3 }).safeParse("abcd").success).toBe(false);
    // three emoji are three characters (six UTF-16 code units)
    expect(line({ max: 3 }).safeParse("😀😀😀").success).toBe(true);
    expect(secret({ min: 4, max: 10 }).safeParse("😀😀😀").success).toBe(false);
  });

  it("the login refuses NUL and control characters in username and password", () => {
    expect(LoginRequest.safeParse({ username: "a\u0000b", password: "x" }).success).toBe(false);
    expect(LoginRequest.safeParse({ username: "ab", password: "x\u0000" }).success).toBe(false);
    expect(LoginRequest.safeParse({ username: "ab", password: " spaces kept " }).data?.password).toBe(" spaces kept ");
    expect(secret({ min: 1, max: 10 }).safeParse("\ud800").success).toBe(false);
  });

  it("the document's pattern says exactly what the server takes (the same answer for every hostile string)", () => {
    // lone surrogates aside: refused (see above), but not Unicode characters a pattern could name
    const corpus = ["名称", " 名称 ", "", "   ", "\u00a0", "a\u0000b", "a\u001fb", "a\u007fb", "a\u0085b", "a\tb", "a\nb", "a\r\nb", "a\u2028b", "a\u202eb", "a\u2066b", "\u200e名", "😀", "\ufeffx", "\u000bx", "rtsp://x", "http://x", "ftp://x", "/dev/video0", " rtsp://x"];
    const builders = {
      name: line({ min: 1, max: 100 }),
      search: line({ max: 100 }),
      raw: line({ max: 100, trim: false }),
      note: text({ min: 1, max: 100 }),
      remarks: text({ max: 100 }),
      password: secret({ min: 1, max: 100 }),
      source: line({ min: 1, max: 100, startsWith: { pattern: "rtsp://|https?://|test:|/", message: "prefix" } }),
    };
    for (const [name, schema] of Object.entries(builders)) {
      const doc = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { pattern: string; minLength?: number; maxLength: number };
      expect(doc.maxLength, name).toBe(100);
      const pattern = new RegExp(doc.pattern, "u");
      const documented = (s: string) => pattern.test(s) && [...s].length >= (doc.minLength ?? 0) && [...s].length <= doc.maxLength;
      for (const s of corpus) expect(documented(s), `${name} ${JSON.stringify(s)}`).toBe(schema.safeParse(s).success);
    }
  });
});

describe("verifyChainAll", () => {
  const chain = (n: number): AuditRow[] => {
    const rows: AuditRow[] = [];
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const f = { seq, at: 1000 + seq, actorId: null, action: "x.y", targetType: "t", targetId: `id${seq}`, digest: "d" };
      const row = { ...f, prevHash, hash: chainHash(prevHash, f) };
      rows.push(row);
      prevHash = row.hash;
    }
    return rows;
  };

  it("names every broken entry, not only the first", () => {
    const rows = chain(10);
    rows[2] = { ...rows[2]!, action: "forged" };
    rows[6] = { ...rows[6]!, targetId: "forged" };
    expect(verifyChainAll(rows, null)).toEqual([
      { seq: 3, reason: "hash_mismatch" },
      { seq: 7, reason: "hash_mismatch" },
    ]);
  });

  it("a gap is one break and the walk goes on", () => {
    const rows = chain(6);
    rows.splice(2, 1);
    rows[4] = { ...rows[4]!, action: "forged" };
    expect(verifyChainAll(rows, null)).toEqual([
      { seq: 4, reason: "gap" },
      { seq: 6, reason: "hash_mismatch" },
    ]);
  });
});
