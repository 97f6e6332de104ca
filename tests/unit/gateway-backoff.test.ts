import { describe, expect, it } from "vitest";
import { Backoff, backoffDelay, DEFAULT_BACKOFF } from "../../media/gateway/backoff.ts";
import { configRefreshDelay } from "../../media/gateway/schedule.ts";

describe("backoff", () => {
  it("doubles from 1 s and stays at 30 s", () => {
    const b = new Backoff();
    expect(Array.from({ length: 8 }, () => b.next())).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
  it("starts over after a reset", () => {
    const b = new Backoff();
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(1000);
  });
  it("shortens delays by at most the jitter fraction", () => {
    const policy = { ...DEFAULT_BACKOFF, jitter: 0.5 };
    expect(backoffDelay(0, policy, () => 0)).toBe(1000);
    expect(backoffDelay(0, policy, () => 1)).toBe(500);
    expect(backoffDelay(10, policy, () => 0.5)).toBe(22500);
  });
  it("treats negative attempts as the first", () => {
    expect(backoffDelay(-3)).toBe(1000);
  });
});

describe("configuration refresh", () => {
  it("happens at the LiveKit token's half-life", () => {
    const now = Date.parse("2026-11-23T04:00:00Z");
    expect(configRefreshDelay("2026-11-23T12:10:00.000+08:00", now)).toBe(5 * 60_000);
  });
  it("never sooner than 5 s, and every minute if the expiry cannot be read", () => {
    const now = Date.parse("2026-11-23T04:00:00Z");
    expect(configRefreshDelay("2026-11-23T04:00:02Z", now)).toBe(5_000);
    expect(configRefreshDelay("2026-11-23T03:00:00Z", now)).toBe(5_000);
    expect(configRefreshDelay("soon", now)).toBe(60_000);
  });
});
