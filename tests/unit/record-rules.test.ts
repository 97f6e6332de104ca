import { describe, expect, it } from "vitest";
import { type ChainLink, foldChain, GENESIS, linkHash } from "../../media/record/chain-hash.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChainStore } from "../../media/record/chain-store.ts";
import { loadRecordSettings } from "../../media/record/config.ts";
import { planRetention, type KeptSegment } from "../../media/record/retention.ts";
import { challengeSchedule, dayOf, extendChain, judgeChallenge, pickChallenge, recordedSpans, splitByDay } from "../../server/record/rules.ts";

const DAY = 86_400_000;
const seg = (seq: number, start: number, sha = "a".repeat(64)): ChainLink => ({ seq, kind: "segment", start, end: start + 10_000, sha256: sha, reason: "" });
const chain = (n: number, t0 = 1_790_000_000_000) => Array.from({ length: n }, (_, i) => seg(i + 1, t0 + i * 10_000, i.toString(16).padStart(64, "0")));
const headAt = (links: ChainLink[], seq: number) => links.slice(0, seq).reduce((h, l) => linkHash(h, l), GENESIS);

describe("the recording chain", () => {
  it("folds to the head, and a changed, removed, reordered or inserted link changes or breaks it", () => {
    const links = chain(6);
    const head = headAt(links, 6);
    expect(foldChain(GENESIS, links)).toEqual({ head });
    const changed = links.map((l, i) => (i === 2 ? { ...l, sha256: "f".repeat(64) } : l));
    expect(foldChain(GENESIS, changed)).not.toEqual({ head });
    expect(foldChain(GENESIS, [...links.slice(0, 2), ...links.slice(3)])).toHaveProperty("broken");
    expect(foldChain(GENESIS, [links[1]!, links[0]!, ...links.slice(2)])).toHaveProperty("broken");
    const renumbered = [...links.slice(0, 3), seg(4, links[2]!.end), ...links.slice(3).map((l) => ({ ...l, seq: l.seq + 1 }))];
    expect(foldChain(GENESIS, renumbered)).not.toEqual({ head });
  });

  it("extends the anchored head only with links that continue it; heads must match the fold", () => {
    const links = chain(6);
    const first = extendChain(null, links.slice(0, 3), [{ seq: 2, hash: headAt(links, 2), takenAt: 1 }], 5);
    expect(first.ok && first.anchors.map((a) => a.seq)).toEqual([2, 3]);
    const anchored = { seq: 3, hash: headAt(links, 3) };
    // a resend of known links plus new ones: the known ones are skipped
    const next = extendChain(anchored, links, [], 9);
    expect(next.ok && next.head).toEqual({ seq: 6, hash: headAt(links, 6), endAt: links[5]!.end });
    expect(extendChain(anchored, links.slice(4), [], 9)).toMatchObject({ ok: false });
    expect(extendChain(anchored, links, [{ seq: 5, hash: "0".repeat(64), takenAt: 1 }], 9)).toMatchObject({ ok: false });
    // the gateway rewrote its chain from the start: the new links do not fold from the anchored hash
    const rewritten = links.map((l) => ({ ...l, start: l.start + 1, end: l.end + 1 }));
    expect(extendChain(anchored, rewritten, [{ seq: 6, hash: headAt(rewritten, 6), takenAt: 1 }], 9)).toMatchObject({ ok: false });
  });

  it("judges a challenge from the bytes' hash and the links between two anchors", () => {
    const links = chain(6);
    const c = { seq: 4, fromSeq: 2, toSeq: 6 };
    const [from, to] = [headAt(links, 2), headAt(links, 6)];
    const between = links.slice(2, 6);
    expect(judgeChallenge(c, from, to, between, links[3]!.sha256).outcome).toBe("passed");
    expect(judgeChallenge(c, from, to, between, "b".repeat(64)).outcome).toBe("tampered");
    expect(judgeChallenge(c, from, to, between, null).outcome).toBe("missing");
    // the gateway claims other bytes for the segment by changing its link: the chain no longer reaches the anchor
    const forged = between.map((l) => (l.seq === 4 ? { ...l, sha256: "b".repeat(64) } : l));
    expect(judgeChallenge(c, from, to, forged, "b".repeat(64)).outcome).toBe("tampered");
    expect(judgeChallenge(c, from, to, between.slice(1), links[3]!.sha256).outcome).toBe("tampered");
  });

  it("picks a segment between two anchors inside the window", () => {
    const anchors = [{ seq: 10, endAt: 100 }, { seq: 20, endAt: 200 }, { seq: 30, endAt: 300 }];
    expect(pickChallenge(anchors, 150, () => 0)).toEqual({ fromSeq: 10, toSeq: 20, seq: 11 });
    expect(pickChallenge(anchors, 150, () => 0.99)).toEqual({ fromSeq: 20, toSeq: 30, seq: 30 });
    expect(pickChallenge(anchors, 400, () => 0.5)).toBeNull();
  });

  it("challenges at random ticks with the configured mean rate", () => {
    // hourly on average: a tick every 10 minutes, each camera drawn with a chance of 1 in 6
    expect(challengeSchedule(3_600_000)).toEqual({ tickMs: 600_000, chance: 600_000 / 3_600_000 });
    // more often than the tick: every run challenges
    expect(challengeSchedule(60_000)).toEqual({ tickMs: 60_000, chance: 1 });
    expect(challengeSchedule(0)).toEqual({ tickMs: 0, chance: 0 });
  });

  it("splits recorded time by China Standard Time day", () => {
    const midnight = Date.parse("2026-12-04T16:00:00Z"); // 2026-12-05 00:00 +08:00
    expect(dayOf(midnight - 1)).toBe("2026-12-04");
    expect(splitByDay(midnight - 4000, midnight + 6000)).toEqual([
      { day: "2026-12-04", ms: 4000, from: midnight - 4000, to: midnight },
      { day: "2026-12-05", ms: 6000, from: midnight, to: midnight + 6000 },
    ]);
    // recorded spans: first to last instant, less the gaps
    expect(recordedSpans(0, 100, [{ startAt: 20, endAt: 30 }, { startAt: 90, endAt: 120 }])).toEqual([{ start: 0, end: 20 }, { start: 30, end: 90 }]);
  });
});

describe("the chain on disk", () => {
  it("keeps old links in the file but not in memory, and still finds the recent ones by number", () => {
    const dir = mkdtempSync(join(tmpdir(), "mcll-chain-"));
    try {
      const store = new ChainStore(dir);
      const old = Date.now() - 3 * DAY;
      for (let i = 0; i < 3; i++) store.append({ kind: "segment", start: old + i * 10_000, end: old + (i + 1) * 10_000, sha256: "a".repeat(64), reason: "" }, `s${i}.mp4`, 10);
      store.append({ kind: "segment", start: Date.now() - 10_000, end: Date.now(), sha256: "b".repeat(64), reason: "" }, "s3.mp4", 10);
      const reopened = new ChainStore(dir, DAY);
      expect(reopened.all().map((l) => l.seq)).toEqual([4]);
      expect(reopened.bySeq(4)!.hash).toBe(store.head!.hash);
      expect(reopened.bySeq(2)).toBeNull();
      expect(new ChainStore(dir).all()).toHaveLength(4);
      expect(foldChain(GENESIS, new ChainStore(dir).all())).toEqual({ head: store.head!.hash });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("retention", () => {
  const now = Date.parse("2026-12-04T12:00:00Z");
  const at = (daysAgo: number, bytes = 1000): KeptSegment => ({ cameraId: "cam_1", file: `f${daysAgo}`, start: now - daysAgo * DAY, end: now - daysAgo * DAY + 10_000, bytes });

  it("removes what is past the retention, and over the budget only what is older than 7 days", () => {
    const segs = [at(10), at(8.5), at(7.5), at(6), at(1), at(0.01)];
    expect(planRetention(segs, now, 9, 1e9).remove.map((s) => s.file)).toEqual(["f10"]);
    const tight = planRetention(segs, now, 30, 3500);
    expect(tight.remove.map((s) => s.file)).toEqual(["f10", "f8.5", "f7.5"]);
  });

  it("says the budget is too small instead of deleting anything younger than 7 days", () => {
    const plan = planRetention([at(6, 5000), at(3, 5000), at(0.01, 5000)], now, 7, 8000);
    expect(plan.remove).toEqual([]);
    expect(plan.low).toMatchObject({ bytes: 15_000, maxBytes: 8000 });
  });

  it("refuses RECORD_RETENTION_DAYS below 7", () => {
    expect(() => loadRecordSettings({ RECORD_RETENTION_DAYS: "6" })).toThrow(/at least 7/);
    expect(() => loadRecordSettings({ RECORD_RETENTION_DAYS: "7.5" })).toThrow();
    expect(loadRecordSettings({ RECORD_RETENTION_DAYS: "30" })!.retentionDays).toBe(30);
    expect(loadRecordSettings({ RECORD: "off" })).toBeNull();
  });
});
