/** The heartbeat throttle's token bucket and the gateway's reading of Retry-After (issue 18). */
import { describe, expect, it } from "vitest";
import { heartbeatAllowance, heartbeatRetryAfterS } from "../../server/cameras/rules.ts";
import { retryAfterMs } from "../../media/gateway/api-client.ts";

const T = { burst: 10, perMinute: 6 }; // one every 10 s

describe("heartbeat allowance", () => {
  it("starts full, refills at the rate, never beyond the burst", () => {
    expect(heartbeatAllowance(null, null, 1_000, T)).toBe(10);
    expect(heartbeatAllowance(0, 0, 10_000, T)).toBeCloseTo(1);
    expect(heartbeatAllowance(0.5, 0, 5_000, T)).toBeCloseTo(1);
    expect(heartbeatAllowance(9, 0, 3_600_000, T)).toBe(10);
  });

  it("refills nothing when the clock went back", () => {
    expect(heartbeatAllowance(0.2, 50_000, 40_000, T)).toBeCloseTo(0.2);
  });

  it("asks to wait the whole seconds until one heartbeat is allowed again, at least one", () => {
    expect(heartbeatRetryAfterS(0, T)).toBe(10);
    expect(heartbeatRetryAfterS(0.95, T)).toBe(1);
    expect(heartbeatRetryAfterS(0.55, T)).toBe(5);
    expect(heartbeatRetryAfterS(0, { burst: 1, perMinute: 0 })).toBe(60);
  });
});

describe("Retry-After on the gateway", () => {
  it("reads delay-seconds and HTTP dates; nothing else", () => {
    expect(retryAfterMs("5")).toBe(5_000);
    expect(retryAfterMs(" 0 ")).toBe(0);
    const now = Date.parse("2026-12-05T10:00:00Z");
    expect(retryAfterMs("Sat, 05 Dec 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Sat, 05 Dec 2026 09:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs("soon")).toBeNull();
    expect(retryAfterMs("-3")).toBeNull();
  });
});
