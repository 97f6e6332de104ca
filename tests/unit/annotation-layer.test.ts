import { afterEach, describe, expect, it, vi } from "vitest";
import type { Annotation } from "../../server/snapshots/annotation-contracts.ts";
import { arrowHead, limitPoints, movedEnough, normalise, pathData, rectOf, shapeOf } from "../../client/live/annotations/geometry.ts";
import { encode, parseAnnot, parseCursor } from "../../client/live/annotations/messages.ts";
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

  it("places stroke batches by seq (the lossy channel is unordered) and ignores duplicates", () => {
    let d = withStrokePoints(new Map(), "u1", "c1", 0, [[0.1, 0.1]], 0);
    d = withStrokePoints(d, "u1", "c1", 2, [[0.3, 0.3]], 0);
    expect([...d.values()][0]!.shape).toEqual({ kind: "stroke", points: [[0.1, 0.1], [0.3, 0.3]] });
    d = withStrokePoints(d, "u1", "c1", 1, [[0.2, 0.2]], 0);
    expect([...d.values()][0]!.shape).toEqual({ kind: "stroke", points: [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]] });
    expect(withStrokePoints(d, "u1", "c1", 1, [[0.9, 0.9]], 0)).toBe(d);
    d = withPreview(d, "u2", "c2", { kind: "rect", x: 0, y: 0, w: 0.1, h: 0.1 }, 0);
    expect(d.size).toBe(2);
    d = withoutDrawing(d, "u1", "c1");
    expect([...d.keys()]).toEqual(["u2/c2"]);
    expect(withoutStale(d, 10_000, 5000).size).toBe(0);
    expect(withoutStale(d, 1000, 5000)).toBe(d);
  });
});

describe("annotation messages", () => {
  afterEach(() => vi.restoreAllMocks());

  it("accepts peers' strokes and the server's commits, each only from its proper sender", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const stroke = { type: "stroke.progress", snapshotId: "snp_aaaaaaaa", clientId: "c1", seq: 0, points: [[0.1, 0.2]] };
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
    const base = { type: "stroke.progress", snapshotId: "snp_aaaaaaaa", clientId: "c1", seq: 0 };
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
    const batch = { type: "stroke.progress" as const, snapshotId: "snp_aaaaaaaaaaaaaaaaaaaa", clientId: "cmabcdefghijkl", seq: 999, points: Array.from({ length: 40 }, () => [0.1234, 0.5678] as [number, number]), sentAt: 1763884800000.123 };
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
