import { describe, expect, it } from "vitest";
import { type AuditRow, canonicalJson, chainHash, digestOf, GENESIS_HASH, verifyChain } from "../../server/audit/rules.ts";

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const f = { seq, at: 1_700_000_000_000 + seq, actorId: "usr_a", action: "org.create", targetType: "org", targetId: `org_${seq}`, digest: digestOf({ seq }) };
    const hash = chainHash(prev, f);
    rows.push({ ...f, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe("canonical JSON", () => {
  it("sorts keys at every depth and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(digestOf({ a: 1, b: 2 })).toBe(digestOf({ b: 2, a: 1 }));
    expect(digestOf({ a: 1 })).not.toBe(digestOf({ a: 2 }));
  });
});

describe("verifyChain", () => {
  it("accepts an intact chain, also when verified in pages", () => {
    const rows = chain(10);
    expect(verifyChain(rows, null)).toBeNull();
    expect(verifyChain(rows.slice(5), rows[4]!)).toBeNull();
  });

  it("names the first changed row", () => {
    const rows = chain(6);
    rows[3] = { ...rows[3]!, action: "org.delete" };
    expect(verifyChain(rows, null)).toEqual({ seq: 4, reason: "hash_mismatch" });
  });

  it("detects a removed row and a row re-hashed after editing", () => {
    const rows = chain(6);
    expect(verifyChain([...rows.slice(0, 2), ...rows.slice(3)], null)).toEqual({ seq: 4, reason: "gap" });
    const edited = { ...rows[1]!, targetId: "org_x" };
    edited.hash = chainHash(edited.prevHash, edited);
    expect(verifyChain([rows[0]!, edited, ...rows.slice(2)], null)).toEqual({ seq: 3, reason: "prev_hash_mismatch" });
  });
});
