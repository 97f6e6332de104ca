import { afterEach, describe, expect, it, vi } from "vitest";
import { type Annotation, MAX_LIVE_STROKE_POINTS, MAX_PROGRESS_POINTS, type Point } from "../../server/snapshots/annotation-contracts.ts";
import { arrowHead, limitPoints, movedEnough, normalise, pathData, rectOf, shapeOf } from "../../client/live/annotations/geometry.ts";
import { encode, parseAnnot, parseCursor } from "../../client/live/annotations/messages.ts";
import { progressMessages, startStroke } from "../../client/live/annotations/strokeStream.ts";
import { fitOf, lastOf, withCommitted, withoutDrawing, withoutStale, withPreview, withStrokePoints, withUndone } from "../../client/live/annotations/state.ts";
import { DEFAULT_DEADLINE_DAYS, defaultDeadline, localInputToIso } from "../../client/pages/orders/deadlines.ts";
import { defaultDeadline as serverDefaultDeadline } from "../../server/orders/rules.ts";
import { parseOrderMessage } from "../../client/pages/orders/orderMessages.ts";

const bytes = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));

const annotation = (id: string, author: string, version: number): Annotation => ({
  id,
  snapshotId: "snp_aaaaaaaa",
  author: { id: `usr_${author}xxxxxx`, displayName: author },
  colour: "#e53935",
  shape: { kind: "rect", x: 0.1, y: 0.1, w: 0.2, h: 0.2 },
  version,
  clientId: `c-${id}`,
  createdAt: "2026-11-23T15:00:00+08:00",
});

describe("annotation geometry", () => {
  it("normalises pointer positions into 0..1, clamped, whatever the box", () => {
    const box = { left: 100, top: 50, width: 400, height: 200 };
    expect(normalise(300, 150, box)).toEqual([0.5, 0.5]);
    expect(normalise(0, 1000, box)).toEqual([0, 1]);
    expect(normalise(NaN, 150, box)).toEqual([0, 0.5]);
    expect(normalise(10, 10, { left: 0, top: 0, width: 0, height: 0 })).toEqual([0, 0]);
  });

  it("makes a rectangle whichever way it was dragged, and refuses a click as a shape", () => {
    expect(rectOf([0.6, 0.7], [0.2, 0.1])).toEqual({ kind: "rect", x: 0.2, y: 0.1, w: 0.4, h: 0.6 });
    expect(shapeOf("rect", [[0.5, 0.5], [0.5, 0.501]])).toBeNull();
    expect(shapeOf("arrow", [[0.1, 0.1], [0.4, 0.5]])).toEqual({ kind: "arrow", from: [0.1, 0.1], to: [0.4, 0.5] });
    expect(shapeOf("stroke", [[0.1, 0.1]])).toBeNull();
  });

  it("thins a long stroke to the contract's bound, keeping both ends", () => {
    const long = Array.from({ length: 1200 }, (_, i) => [i / 1200, 0.5] as [number, number]);
    const thin = limitPoints(long, 500);
    expect(thin).toHaveLength(500);
    expect(thin[0]).toEqual(long[0]);
    expect(thin[499]).toEqual(long[1199]);
    expect(shapeOf("stroke", long)).toMatchObject({ kind: "stroke" });
    expect((shapeOf("stroke", long) as { points: unknown[] }).points).toHaveLength(500);
  });

  it("draws arrow heads behind the tip and paths through every point", () => {
    const [a, b] = arrowHead([0, 0.5], [1, 0.5], 1000, 500);
    expect(a[0]).toBeLessThan(1);
    expect(b[0]).toBeLessThan(1);
    expect(a[1]).not.toBeCloseTo(b[1]);
    expect(pathData([[0, 0], [0.5, 1]])).toBe("M0 0 L0.5 1");
    expect(movedEnough([0.5, 0.5], [0.5005, 0.5])).toBe(false);
    expect(movedEnough(undefined, [0.5, 0.5])).toBe(true);
  });
});

describe("annotation state", () => {
  it("applies committed versions in order, ignores ones it has, and asks for a reload on a gap", () => {
    let state = { version: 0, items: [] as Annotation[] };
    expect(fitOf(state, 1)).toBe("apply");
    state = withCommitted(state, annotation("ann_1aaaaaa", "u1", 1), 1);
    state = withCommitted(state, annotation("ann_2aaaaaa", "u2", 2), 2);
    expect(fitOf(state, 2)).toBe("stale");
    expect(fitOf(state, 4)).toBe("gap");
    expect(lastOf(state.items, "usr_u1xxxxxx")?.id).toBe("ann_1aaaaaa");
    state = withUndone(state, "ann_1aaaaaa", 3);
    expect(state.items.map((a) => a.id)).toEqual(["ann_2aaaaaa"]);
    expect(lastOf(state.items, "usr_u1xxxxxx")).toBeUndefined();
  });

  it("places stroke points by their index (the lossy channel is unordered) and ignores what it already has", () => {
    let d = withStrokePoints(new Map(), "u1", "c1", 0, [[0.1, 0.1]], 0);
    d = withStrokePoints(d, "u1", "c1", 2, [[0.3, 0.3]], 0);
    // index 1 has not arrived: the stroke is drawn through the points it has
    expect([...d.values()][0]!.shape).toEqual({ kind: "stroke", points: [[0.1, 0.1], [0.3, 0.3]] });
    d = withStrokePoints(d, "u1", "c1", 1, [[0.2, 0.2]], 0);
    expect([...d.values()][0]!.shape).toEqual({ kind: "stroke", points: [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]] });
    // a repeat changes nothing (and the first word stays)
    expect(withStrokePoints(d, "u1", "c1", 1, [[0.9, 0.9]], 0)).toBe(d);
    expect(withStrokePoints(d, "u1", "c1", 0, [[0.1, 0.1], [0.2, 0.2]], 0)).toBe(d);
    // a hostile index past the bound is cut there
    const far = withStrokePoints(new Map(), "u9", "c9", MAX_LIVE_STROKE_POINTS - 1, [[0.5, 0.5], [0.6, 0.6]], 0);
    expect([...far.values()][0]!.slots.length).toBe(MAX_LIVE_STROKE_POINTS);
    d = withPreview(d, "u2", "c2", { kind: "rect", x: 0, y: 0, w: 0.1, h: 0.1 }, 0);
    expect(d.size).toBe(2);
    d = withoutDrawing(d, "u1", "c1");
    expect([...d.keys()]).toEqual(["u2/c2"]);
    expect(withoutStale(d, 10_000, 5000).size).toBe(0);
    expect(withoutStale(d, 1000, 5000)).toBe(d);
  });
});

describe("a stroke in progress over a lossy channel", () => {
  /** a stroke drawn over `frames` animation frames, 1–4 new points each; the messages of each frame, in order */
  function drawStroke(frames: number, random: () => number) {
    const points: Point[] = [];
    let cursor = startStroke();
    const sent: { from: number; points: Point[] }[] = [];
    for (let f = 0; f < frames; f++) {
      const n = 1 + Math.floor(random() * 4);
      for (let i = 0; i < n; i++) points.push([Number((points.length / 2000).toFixed(4)), Number((0.5 + 0.3 * Math.sin(points.length / 20)).toFixed(4))]);
      const batch = progressMessages(points, cursor);
      cursor = batch.cursor;
      sent.push(...batch.messages);
    }
    return { points, sent };
  }
  const seeded = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  it("each message repeats the one before it, so one lost packet loses no point", () => {
    const random = seeded(7);
    const { points, sent } = drawStroke(200, random);
    for (let lost = 1; lost < sent.length - 1; lost += 17) {
      let d = new Map() as ReturnType<typeof withStrokePoints>;
      for (const [i, m] of sent.entries()) if (i !== lost) d = withStrokePoints(d, "u1", "c1", m.from, m.points, 0);
      expect([...d.values()][0]!.shape).toEqual({ kind: "stroke", points });
    }
  });

  it("with 20 % of the packets lost at random, ≥ 95 % of the points are drawn, in stroke order, with no step longer than a burst", () => {
    const random = seeded(42);
    const { points, sent } = drawStroke(400, random);
    let d = new Map() as ReturnType<typeof withStrokePoints>;
    let received = 0;
    for (const m of sent) {
      if (random() < 0.2) continue;
      received++;
      d = withStrokePoints(d, "u1", "c1", m.from, m.points, 0);
    }
    const drawn = ([...d.values()][0]!.shape as { points: Point[] }).points;
    const index = drawn.map((p) => points.findIndex((q) => q[0] === p[0] && q[1] === p[1]));
    expect(received).toBeLessThan(sent.length * 0.9);
    expect(drawn.length / points.length).toBeGreaterThanOrEqual(0.95);
    // continuous: the drawn points are the stroke's own, in its order (a hole is a straight step between them)
    expect(index.every((v, i) => v >= 0 && (i === 0 || v > index[i - 1]!))).toBe(true);
    expect(Math.max(...index.slice(1).map((v, i) => v - index[i]!))).toBeLessThanOrEqual(3 * 4);
  });

  it("never puts more than MAX_PROGRESS_POINTS in a message, however many points a frame brings", () => {
    const points: Point[] = Array.from({ length: 95 }, (_, i) => [i / 100, 0.5]);
    const { messages, cursor } = progressMessages(points, startStroke());
    expect(messages.map((m) => [m.from, m.points.length])).toEqual([[0, 40], [40, 40], [55, 40]]);
    expect(messages.every((m) => m.points.length <= MAX_PROGRESS_POINTS)).toBe(true);
    expect(cursor).toEqual({ sent: 95, lastBatch: 15 });
  });
});

describe("annotation messages", () => {
  afterEach(() => vi.restoreAllMocks());

  it("accepts peers' strokes and the server's commits, each only from its proper sender", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const stroke = { type: "stroke.progress", snapshotId: "snp_aaaaaaaa", clientId: "c1", from: 0, points: [[0.1, 0.2]] };
    expect(parseAnnot(encode(stroke as never), "usr_1")).toMatchObject({ type: "stroke.progress" });
    const committed = { type: "annotation.committed", snapshotId: "snp_aaaaaaaa", version: 1, annotation: annotation("ann_1aaaaaa", "u1", 1) };
    expect(parseAnnot(bytes(committed), undefined)).toMatchObject({ type: "annotation.committed" });
    expect(warn).not.toHaveBeenCalled();
    // a participant forging a commit, the server sending a stroke: both dropped
    expect(parseAnnot(bytes(committed), "usr_1")).toBeNull();
    expect(parseAnnot(bytes(stroke), undefined)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it("drops NaN-free but out-of-range points, too many points, unknown types and garbage, with a warning", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const base = { type: "stroke.progress", snapshotId: "snp_aaaaaaaa", clientId: "c1", from: 0 };
    expect(parseAnnot(bytes({ ...base, points: [[1.5, 0.2]] }), "u")).toBeNull();
    expect(parseAnnot(bytes({ ...base, points: Array.from({ length: 41 }, () => [0.1, 0.1]) }), "u")).toBeNull();
    expect(parseAnnot(bytes({ ...base, type: "shape.explode", points: [[0.1, 0.1]] }), "u")).toBeNull();
    expect(parseAnnot(bytes("{not json"), "u")).toBeNull();
    expect(parseAnnot(bytes('{"type":"stroke.progress","points":[[null,0]]}'), "u")).toBeNull();
    expect(parseCursor(bytes({ type: "cursor", snapshotId: "snp_aaaaaaaa", at: [0.5, 0.5] }), undefined)).toBeNull();
    expect(parseCursor(bytes({ type: "cursor", snapshotId: "snp_aaaaaaaa", at: null }), "u")).toEqual({ type: "cursor", snapshotId: "snp_aaaaaaaa", at: null });
    expect(warn).toHaveBeenCalledTimes(6);
  });

  it("keeps a whole frame's stroke batch far below one datagram", () => {
    const batch = { type: "stroke.progress" as const, snapshotId: "snp_aaaaaaaaaaaaaaaaaaaa", clientId: "cmabcdefghijkl", from: 4959, points: Array.from({ length: 40 }, () => [0.1234, 0.5678] as [number, number]), sentAt: 1763884800000.123 };
    expect(encode(batch).byteLength).toBeLessThan(1200);
  });

  it("accepts order messages from the server only", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(parseOrderMessage(bytes({ type: "order.issued" }), undefined)).toBeNull();
    expect(parseOrderMessage(bytes({ type: "order.issued" }), "usr_1")).toBeNull();
    expect(warn).toHaveBeenCalledTimes(2);
  });
});

describe("order deadlines", () => {
  it("turns a datetime-local value into ISO 8601 in China time, whatever the browser's zone", () => {
    expect(localInputToIso("2026-11-30T17:00")).toBe("2026-11-30T17:00:00+08:00");
    expect(localInputToIso("30/11/2026")).toBeNull();
  });

  it("shows the same default deadlines the server applies", () => {
    const from = new Date("2026-11-23T10:00:00+08:00");
    for (const severity of ["minor", "major", "critical"] as const) expect(defaultDeadline(severity, from).getTime()).toBe(serverDefaultDeadline(severity, from.getTime()));
  });

  it("gives more serious problems a shorter default deadline", () => {
    const from = new Date("2026-11-23T10:00:00");
    expect(defaultDeadline("critical", from).getTime()).toBeLessThan(defaultDeadline("major", from).getTime());
    expect(defaultDeadline("major", from).getTime()).toBeLessThan(defaultDeadline("minor", from).getTime());
  });
});
