/** The evidence clips' pure rules (issue 19 item 5): spans, the alert's window, byte ranges, the chain a clip came from. */
import { describe, expect, it } from "vitest";
import { type ChainLink, GENESIS, linkHash } from "../../media/record/chain-hash.ts";
import { alertClipSpan, checkClipChain, CLIP_CLOCK_SKEW_MS, clipSpanProblem, MAX_CLIP_MS, parseRange } from "../../server/record/clip-rules.ts";

describe("clip spans", () => {
  const now = Date.UTC(2026, 11, 5, 6, 0);
  const oldest = now - 86_400_000;
  it("takes a span of recorded time up to five minutes", () => {
    expect(clipSpanProblem({ start: now - 60_000, end: now - 40_000 }, now, oldest, [])).toBeNull();
    expect(clipSpanProblem({ start: now - MAX_CLIP_MS, end: now }, now, oldest, [])).toBeNull();
    // a span after the last anchored instant is left to the gateway
    expect(clipSpanProblem({ start: now - 1000, end: now + CLIP_CLOCK_SKEW_MS }, now, oldest, [])).toBeNull();
  });
  it("refuses a reversed, empty, overlong or future span (400)", () => {
    expect(clipSpanProblem({ start: now - 10_000, end: now - 20_000 }, now, oldest, [])).toMatchObject({ status: 400, reason: "clip_span_reversed" });
    expect(clipSpanProblem({ start: now - 10_000, end: now - 10_000 }, now, oldest, [])).toMatchObject({ status: 400, reason: "clip_span_reversed" });
    expect(clipSpanProblem({ start: now - MAX_CLIP_MS - 1, end: now }, now, oldest, [])).toMatchObject({ status: 400, reason: "clip_too_long" });
    expect(clipSpanProblem({ start: now, end: now + CLIP_CLOCK_SKEW_MS + 1 }, now, oldest, [])).toMatchObject({ status: 400, reason: "clip_in_future" });
    expect(clipSpanProblem({ start: Number.NaN, end: now }, now, oldest, [])).toMatchObject({ status: 400 });
  });
  it("says when nothing is recorded (409): none at all, before the oldest, inside one gap with its reason", () => {
    expect(clipSpanProblem({ start: now - 20_000, end: now - 10_000 }, now, null, [])).toMatchObject({ status: 409, message: "nothing is recorded for this camera" });
    const before = clipSpanProblem({ start: oldest - 20_000, end: oldest }, now, oldest, []);
    expect(before).toMatchObject({ status: 409, reason: "clip_not_recorded" });
    expect(before!.message).toContain(new Date(oldest).toISOString());
    // overlapping the oldest recording: the recorded part is cut
    expect(clipSpanProblem({ start: oldest - 20_000, end: oldest + 1 }, now, oldest, [])).toBeNull();
    const gap = { startAt: now - 600_000, endAt: now - 300_000, reason: "gateway_killed" };
    expect(clipSpanProblem({ start: now - 500_000, end: now - 400_000 }, now, oldest, [gap])!.message).toMatch(/gateway_killed/);
    expect(clipSpanProblem({ start: now - 350_000, end: now - 250_000 }, now, oldest, [gap])).toBeNull();
  });
  it("gives an alert 5 s before to 10 s after its detection", () => {
    expect(alertClipSpan(now)).toEqual({ start: now - 5000, end: now + 10_000 });
  });
});

describe("byte ranges (RFC 9110)", () => {
  it("reads the three forms, clamped to the body", () => {
    expect(parseRange("bytes=0-99", 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=500-", 1000)).toEqual({ start: 500, end: 999 });
    expect(parseRange("bytes=-100", 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange("bytes=-5000", 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange("bytes=990-5000", 1000)).toEqual({ start: 990, end: 999 });
    expect(parseRange(" Bytes = 1 - 2 ", 1000)).toEqual({ start: 1, end: 2 });
  });
  it("is unsatisfiable (416) from the end on, or for an empty suffix", () => {
    expect(parseRange("bytes=1000-", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=1000-2000", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=-0", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=0-", 0)).toBe("unsatisfiable");
  });
  it("sends the whole body for no header, another unit, several ranges or nonsense", () => {
    for (const h of [undefined, "", "items=0-1", "bytes=0-1,5-6", "bytes=-", "bytes=5-1", "bytes=a-b", "bytes=99999999999999999999-"]) expect(parseRange(h, 1000)).toBeNull();
  });
});

describe("the chain a clip came from", () => {
  const seg = (seq: number, sha: string): ChainLink => ({ seq, kind: "segment", start: seq * 1000, end: seq * 1000 + 1000, sha256: sha.repeat(64), reason: "" });
  const links = [seg(3, "a"), seg(4, "b"), seg(5, "c"), seg(6, "d")];
  const from = { seq: 2, hash: "1".repeat(64) };
  const hashes: string[] = [];
  let h = from.hash;
  for (const l of links) hashes.push((h = linkHash(h, l)));
  const anchors = [{ seq: 6, hash: hashes[3]! }];

  it("folds from the anchor before to the first anchor after the last source, with the API's own hashes", () => {
    const r = checkClipChain(from, links, anchors, [{ seq: 4, sha256: "b".repeat(64) }, { seq: 5, sha256: "c".repeat(64) }]);
    expect(r).toEqual({ ok: true, toSeq: 6, toHash: hashes[3], sources: [{ seq: 4, start: 4000, end: 5000, sha256: "b".repeat(64), hash: hashes[1] }, { seq: 5, start: 5000, end: 6000, sha256: "c".repeat(64), hash: hashes[2] }] });
  });
  it("refuses links that do not start after the anchor, an altered link, a source not in the links or with another hash", () => {
    expect(checkClipChain(from, links.slice(1), anchors, [{ seq: 4, sha256: "b".repeat(64) }])).toMatchObject({ ok: false });
    const altered = links.map((l) => (l.seq === 4 ? { ...l, sha256: "e".repeat(64) } : l));
    expect(checkClipChain(from, altered, anchors, [{ seq: 4, sha256: "e".repeat(64) }])).toMatchObject({ ok: false, why: expect.stringMatching(/anchor 6/) });
    expect(checkClipChain(from, links, anchors, [{ seq: 4, sha256: "f".repeat(64) }])).toMatchObject({ ok: false, why: expect.stringMatching(/segment 4/) });
    expect(checkClipChain(from, links, [], [{ seq: 4, sha256: "b".repeat(64) }])).toMatchObject({ ok: false, why: expect.stringMatching(/no anchor/) });
    expect(checkClipChain({ seq: 0, hash: GENESIS }, links, anchors, [{ seq: 4, sha256: "b".repeat(64) }])).toMatchObject({ ok: false });
    expect(checkClipChain(from, links, anchors, [])).toMatchObject({ ok: false });
  });
});

describe("a past time typed in China time", () => {
  it("reads a datetime-local value as China time and writes it back", async () => {
    const { chinaLocalToMs, msToChinaLocal } = await import("../../client/pages/record/pastTime.ts");
    expect(chinaLocalToMs("2026-12-05T14:30")).toBe(Date.UTC(2026, 11, 5, 6, 30));
    expect(chinaLocalToMs("2026-12-05T14:30:15")).toBe(Date.UTC(2026, 11, 5, 6, 30, 15));
    expect(chinaLocalToMs("2026-12-05T14:30:15.000")).toBe(Date.UTC(2026, 11, 5, 6, 30, 15));
    expect(msToChinaLocal(Date.UTC(2026, 11, 5, 6, 30, 15))).toBe("2026-12-05T14:30:15");
    for (const v of ["", "2026-12-05", "14:30", "2026-12-05T14:30Z"]) expect(chinaLocalToMs(v)).toBeNaN();
  });
});
