import { describe, expect, it } from "vitest";
import {
  AnnotationCommittedMessage,
  AnnotMessage,
  authorColour,
  AUTHOR_COLOURS,
  CursorMessage,
  MAX_LIVE_STROKE_POINTS,
  MAX_LOSSY_BYTES,
  MAX_PROGRESS_POINTS,
  MAX_RELIABLE_BYTES,
  MAX_STROKE_POINTS,
  MAX_TEXT_LENGTH,
  Shape,
  StrokeProgress,
} from "../../server/snapshots/annotation-contracts.ts";
import { OrderMessage } from "../../server/orders/contracts.ts";
import { normaliseShape } from "../../server/snapshots/rules.ts";

const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).byteLength;
const ID = "snp_AbCdEfGhIjKlMnOp";

describe("shapes", () => {
  it("accept the four kinds with normalised coordinates", () => {
    for (const s of [
      { kind: "rect", x: 0, y: 0, w: 1, h: 1 },
      { kind: "arrow", from: [0, 0], to: [1, 1] },
      { kind: "stroke", points: [[0.1, 0.2], [0.3, 0.4]] },
      { kind: "text", at: [0.5, 0.5], text: "生熟未分开" },
    ]) expect(Shape.safeParse(s).success, JSON.stringify(s)).toBe(true);
  });

  it("refuse NaN, infinities, out-of-range or missing coordinates, too many points, unknown kinds and extra fields", () => {
    for (const s of [
      { kind: "rect", x: Number.NaN, y: 0, w: 0.1, h: 0.1 },
      { kind: "rect", x: 0, y: Number.POSITIVE_INFINITY, w: 0.1, h: 0.1 },
      { kind: "arrow", from: [0, 1.0001], to: [0, 0] },
      { kind: "arrow", from: [0, 0] },
      { kind: "stroke", points: Array.from({ length: MAX_STROKE_POINTS + 1 }, () => [0.5, 0.5]) },
      { kind: "stroke", points: [[0.5, Number.NaN], [0.5, 0.5]] },
      { kind: "text", at: [0.5, 0.5], text: "" },
      { kind: "text", at: [0.5, 0.5], text: "字".repeat(MAX_TEXT_LENGTH + 1) },
      { kind: "ellipse", x: 0, y: 0, w: 0.1, h: 0.1 },
      { kind: "rect", x: 0, y: 0, w: 0.1, h: 0.1, author: "someone else" },
    ]) expect(Shape.safeParse(s).success, JSON.stringify(s)).toBe(false);
  });

  it("clip a rectangle drawn past the edge to the image (the contract cannot refuse it: no schema adds x + w)", () => {
    expect(Shape.safeParse({ kind: "rect", x: 0.95, y: 0, w: 0.1, h: 0.1 }).success).toBe(true);
    expect(normaliseShape({ kind: "rect", x: 0.95, y: 0.5, w: 0.1, h: 0.8 })).toEqual({ kind: "rect", x: 0.95, y: 0.5, w: 0.05, h: 0.5 });
  });

  it("round coordinates without pushing a rectangle past the edge", () => {
    const r = normaliseShape({ kind: "rect", x: 0.33335, y: 0.1, w: 0.66665, h: 0.2 });
    expect(Shape.safeParse(r).success).toBe(true);
    expect(normaliseShape({ kind: "stroke", points: [[0.123456, 0.987654], [0, 1]] })).toEqual({ kind: "stroke", points: [[0.1235, 0.9877], [0, 1]] });
  });
});

describe("message sizes stay inside LiveKit's limits", () => {
  it("the largest committed annotation broadcast fits one reliable packet (15 KiB)", () => {
    // worst case: the longest stroke, every coordinate with all its digits before rounding
    const raw = { kind: "stroke" as const, points: Array.from({ length: MAX_STROKE_POINTS }, (_, i) => [0.123456789 + i / 10_000, 0.987654321 - i / 10_000] as [number, number]) };
    const message = {
      type: "annotation.committed",
      snapshotId: ID,
      version: 2_147_483_647,
      annotation: { id: "ann_AbCdEfGhIjKlMnOp", snapshotId: ID, author: { id: "usr_AbCdEfGhIjKlMnOp", displayName: "名".repeat(100) }, colour: "#e53935", shape: normaliseShape(raw), version: 2_147_483_647, clientId: "c".repeat(40), createdAt: "2026-11-23T12:00:00.000+08:00" },
    };
    expect(AnnotationCommittedMessage.safeParse(message).success).toBe(true);
    expect(bytes(message)).toBeLessThan(MAX_RELIABLE_BYTES);
    // and the text label's worst case too
    const text = { ...message, annotation: { ...message.annotation, shape: { kind: "text", at: [0.1234, 0.1234], text: "字".repeat(MAX_TEXT_LENGTH) } } };
    expect(bytes(text)).toBeLessThan(MAX_RELIABLE_BYTES);
  });

  it("the largest lossy stroke batch and cursor fit one datagram", () => {
    const batch = { type: "stroke.progress", snapshotId: ID, clientId: "c".repeat(40), from: MAX_LIVE_STROKE_POINTS - MAX_PROGRESS_POINTS, points: Array.from({ length: MAX_PROGRESS_POINTS }, () => [0.1234, 0.5678]), sentAt: 1_795_000_000_000.123 };
    expect(StrokeProgress.safeParse(batch).success).toBe(true);
    expect(bytes(batch)).toBeLessThan(MAX_LOSSY_BYTES);
    const cursor = { type: "cursor", snapshotId: ID, at: [0.1234, 0.5678] };
    expect(CursorMessage.safeParse(cursor).success).toBe(true);
    expect(bytes(cursor)).toBeLessThan(MAX_LOSSY_BYTES);
  });

  it("an order message is small", () => {
    const person = { id: "usr_AbCdEfGhIjKlMnOp", displayName: "名".repeat(30) };
    const message = {
      type: "order.issued",
      order: {
        id: "ord_AbCdEfGhIjKlMnOp", number: "鄂州市鄂城区市监整〔2026〕0001号", status: "issued", overdue: false, escalated: false,
        canteenId: "cnt_AbCdEfGhIjKlMnOp", canteenName: "名".repeat(100), schoolId: "org_AbCdEfGhIjKlMnOp", schoolName: "名".repeat(100), inspectionId: "ins_AbCdEfGhIjKlMnOp", complaintId: null,
        issuedBy: { ...person, orgId: "org_AbCdEfGhIjKlMnOp", orgName: "名".repeat(100) }, issuedAt: "2026-11-23T12:00:00.000+08:00", deadline: "2026-11-30T12:00:00.000+08:00", itemCount: 20, updatedAt: "2026-11-23T12:00:00.000+08:00",
      },
      event: { id: "oev_AbCdEfGhIjKlMnOp", type: "issued", at: "2026-11-23T12:00:00.000+08:00", actor: person },
    };
    expect(OrderMessage.safeParse(message).success).toBe(true);
    expect(bytes(message)).toBeLessThan(4096);
  });

  it("receivers drop what does not parse", () => {
    expect(AnnotMessage.safeParse({ type: "stroke.progress", snapshotId: ID, clientId: "a", from: 0, points: Array.from({ length: MAX_PROGRESS_POINTS + 1 }, () => [0.1, 0.1]) }).success).toBe(false);
    expect(AnnotMessage.safeParse({ type: "annotation.deleted", snapshotId: ID }).success).toBe(false);
    // a stroke in progress may not reach past its bound (the receiver keeps a slot per index)
    expect(AnnotMessage.safeParse({ type: "stroke.progress", snapshotId: ID, clientId: "a", from: MAX_LIVE_STROKE_POINTS - 1, points: [[0.1, 0.1], [0.2, 0.2]] }).success).toBe(false);
    expect(AnnotMessage.safeParse({ type: "stroke.progress", snapshotId: ID, clientId: "a", from: MAX_LIVE_STROKE_POINTS - 2, points: [[0.1, 0.1], [0.2, 0.2]] }).success).toBe(true);
    expect(CursorMessage.safeParse({ type: "cursor", snapshotId: ID, at: [2, 0] }).success).toBe(false);
  });
});

describe("author colours", () => {
  it("are stable per identity and come from the palette", () => {
    expect(authorColour("usr_a")).toBe(authorColour("usr_a"));
    expect(AUTHOR_COLOURS).toContain(authorColour("usr_zzzzzz"));
    const spread = new Set(Array.from({ length: 50 }, (_, i) => authorColour(`usr_${i}`)));
    expect(spread.size).toBeGreaterThan(4);
  });
});
