import { describe, expect, it } from "vitest";
import { LOGIN_LOCK_BASE_MS, lockRemainingMs } from "../../server/accounts/rules.ts";
import { clientAddress, isTrusted, normaliseAddress, parseTrustedProxies } from "../../server/http/client-address.ts";

describe("login lock with backoff", () => {
  const W = 15 * 60_000;
  it("is open below the limit and counts only the window", () => {
    expect(lockRemainingMs([1, 2], 3, W, 10_000)).toBe(0);
    expect(lockRemainingMs([1, 2, 3], 3, W, W + 10)).toBe(0);
  });
  it("locks one minute from the latest failure at the limit, doubling with each further failure, at most the window", () => {
    const now = 100_000;
    expect(lockRemainingMs([now - 3, now - 2, now], 3, W, now)).toBe(LOGIN_LOCK_BASE_MS);
    expect(lockRemainingMs([now - 4, now - 3, now - 2, now], 3, W, now)).toBe(2 * LOGIN_LOCK_BASE_MS);
    expect(lockRemainingMs([now - 5, now - 4, now - 3, now - 2, now], 3, W, now)).toBe(4 * LOGIN_LOCK_BASE_MS);
    expect(lockRemainingMs(Array.from({ length: 30 }, (_, i) => now - i), 3, W, now)).toBe(W);
    expect(lockRemainingMs([now - 3, now - 2, now], 3, W, now + LOGIN_LOCK_BASE_MS)).toBe(0);
  });
});

describe("client address and TRUST_PROXY", () => {
  const nets = parseTrustedProxies("10.0.0.0/8, 127.0.0.1, ::1, fd00::/8");
  it("parses addresses and CIDRs, refuses garbage", () => {
    expect(isTrusted("10.1.2.3", nets)).toBe(true);
    expect(isTrusted("11.0.0.1", nets)).toBe(false);
    expect(isTrusted("::ffff:127.0.0.1", nets)).toBe(true);
    expect(isTrusted("::1", nets)).toBe(true);
    expect(isTrusted("fd12:3456::1", nets)).toBe(true);
    expect(isTrusted("fe80::1", nets)).toBe(false);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustedProxies("proxy.example")).toThrow(/TRUST_PROXY/);
    expect(parseTrustedProxies(undefined)).toEqual([]);
  });
  it("normalises so one client is one key", () => {
    expect(normaliseAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normaliseAddress("[2001:db8::1]")).toBe("2001:db8:0:0:0:0:0:1");
    expect(normaliseAddress("2001:DB8:0::1")).toBe("2001:db8:0:0:0:0:0:1");
    expect(normaliseAddress("not an address")).toBeNull();
  });
  it("believes X-Forwarded-For only from a trusted peer, and only up to the first untrusted hop from the right", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", nets)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9", "1.2.3.4", [])).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.5", "198.51.100.7", nets)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.5", "6.6.6.6, 198.51.100.7, 10.0.0.6", nets)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.5", "10.0.0.7, 10.0.0.6", nets)).toBe("10.0.0.7");
    expect(clientAddress("10.0.0.5", "garbage", nets)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", undefined, nets)).toBe("10.0.0.5");
    expect(clientAddress(null, "1.2.3.4", nets)).toBeNull();
  });
});
