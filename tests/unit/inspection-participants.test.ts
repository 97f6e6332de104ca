import { describe, expect, it } from "vitest";
import { participantJoinedAt, participantLeftAt } from "../../server/inspections/rules.ts";

describe("inspection participants' times", () => {
  const startedAt = Date.parse("2026-03-02T09:00:00.700+08:00");

  it("uses LiveKit's milliseconds when it has them, its whole seconds otherwise", () => {
    expect(participantJoinedAt({ joinedAtMs: BigInt(startedAt + 5_123), joinedAt: BigInt(Math.floor((startedAt + 5_123) / 1000)) }, startedAt, 0)).toBe(startedAt + 5_123);
    expect(participantJoinedAt({ joinedAtMs: 0n, joinedAt: BigInt(Math.floor(startedAt / 1000) + 7) }, startedAt, 0)).toBe(Math.floor(startedAt / 1000) * 1000 + 7000);
  });

  it("a join that LiveKit rounds down to before the start, or that really was before it, counts from the start", () => {
    // joined 0.2 s after the start, reported in whole seconds: 0.7 s before it
    expect(participantJoinedAt({ joinedAt: BigInt(Math.floor(startedAt / 1000)) }, startedAt, 0)).toBe(startedAt);
    // in the room an hour before the inspection started
    expect(participantJoinedAt({ joinedAtMs: startedAt - 3_600_000 }, startedAt, 0)).toBe(startedAt);
  });

  it("falls back to the event's time when the participant carries none", () => {
    expect(participantJoinedAt({}, startedAt, startedAt + 42)).toBe(startedAt + 42);
  });

  it("a leave is never before its join", () => {
    expect(participantLeftAt(startedAt - 500, startedAt)).toBe(startedAt);
    expect(participantLeftAt(startedAt + 9_000, startedAt)).toBe(startedAt + 9_000);
  });
});
