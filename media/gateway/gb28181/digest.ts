import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * HTTP Digest authentication as SIP uses it (RFC 2617, RFC 3261 §22.4), MD5 only: GB/T 28181-2016 §9.1.2
 * names MD5, and the devices on the market offer nothing else. Pure except the random in `makeNonce`.
 */

const md5 = (s: string) => createHash("md5").update(s, "utf8").digest("hex");

/** `Digest username="…", realm="…", …` → its parameters (names lower-cased); null when not Digest. */
export function parseDigest(value: string): Record<string, string> | null {
  const m = /^\s*Digest\s+(.*)$/is.exec(value);
  if (!m) return null;
  const params: Record<string, string> = {};
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))\s*(?:,|$)/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(m[1]))) params[match[1].toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : match[3];
  return params;
}

export interface DigestInput {
  username: string;
  realm: string;
  password: string;
  method: string;
  uri: string;
  nonce: string;
  /** with qop=auth: nc and cnonce are part of the hash */
  qop?: string;
  nc?: string;
  cnonce?: string;
}

/** The `response` value a client computes (RFC 2617 §3.2.2.1). */
export function digestResponse(d: DigestInput): string {
  const ha1 = md5(`${d.username}:${d.realm}:${d.password}`);
  const ha2 = md5(`${d.method}:${d.uri}`);
  return d.qop === "auth" ? md5(`${ha1}:${d.nonce}:${d.nc}:${d.cnonce}:auth:${ha2}`) : md5(`${ha1}:${d.nonce}:${ha2}`);
}

/** A challenge header value for a 401. */
export function challenge(realm: string, nonce: string, stale = false): string {
  return `Digest realm="${realm}", nonce="${nonce}", algorithm=MD5, qop="auth"${stale ? ", stale=TRUE" : ""}`;
}

/**
 * Nonces are self-certifying (time + random + HMAC with the platform's secret), so no table of issued nonces
 * is needed and an old one expires: `checkNonce` says whether we issued it within `maxAgeMs`.
 */
export function makeNonce(secret: string, now: number): string {
  const body = `${now.toString(16)}.${randomBytes(8).toString("hex")}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("hex").slice(0, 16)}`;
}

export function checkNonce(nonce: string, secret: string, now: number, maxAgeMs: number): "ok" | "stale" | "forged" {
  const m = /^([0-9a-f]{1,12})\.([0-9a-f]{16})\.([0-9a-f]{16})$/.exec(nonce);
  if (!m) return "forged";
  const mac = createHmac("sha256", secret).update(`${m[1]}.${m[2]}`).digest("hex").slice(0, 16);
  if (!timingSafeEqual(Buffer.from(mac), Buffer.from(m[3]))) return "forged";
  const age = now - parseInt(m[1], 16);
  return age >= -5_000 && age <= maxAgeMs ? "ok" : "stale";
}

export type DigestVerdict = { ok: true } | { ok: false; stale: boolean; reason: string };

/** Checks an Authorization header of a request against the device's password (constant-time compare). */
export function verifyDigest(
  authorization: string | undefined,
  o: { method: string; username: string; realm: string; password: string; secret: string; now: number; nonceMaxAgeMs: number },
): DigestVerdict {
  if (!authorization) return { ok: false, stale: false, reason: "no credentials" };
  const p = parseDigest(authorization);
  if (!p) return { ok: false, stale: false, reason: "not Digest credentials" };
  if (p.algorithm && p.algorithm.toUpperCase() !== "MD5") return { ok: false, stale: false, reason: `unsupported algorithm ${p.algorithm}` };
  for (const name of ["username", "realm", "nonce", "uri", "response"]) if (!p[name]) return { ok: false, stale: false, reason: `credentials without ${name}` };
  if (p.username !== o.username) return { ok: false, stale: false, reason: `username ${p.username} is not the device id` };
  if (p.realm !== o.realm) return { ok: false, stale: false, reason: `realm ${p.realm} is not ${o.realm}` };
  if (p.qop && (p.qop !== "auth" || !p.nc || !p.cnonce)) return { ok: false, stale: false, reason: "qop=auth needs nc and cnonce" };
  const nonce = checkNonce(p.nonce, o.secret, o.now, o.nonceMaxAgeMs);
  if (nonce === "forged") return { ok: false, stale: false, reason: "a nonce this platform did not issue" };
  const expected = digestResponse({ username: p.username, realm: o.realm, password: o.password, method: o.method, uri: p.uri, nonce: p.nonce, qop: p.qop, nc: p.nc, cnonce: p.cnonce });
  const given = Buffer.from(p.response.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) return { ok: false, stale: false, reason: "wrong digest (password)" };
  // a right answer to an expired nonce: ask again with stale=TRUE, the device retries without a new password
  if (nonce === "stale") return { ok: false, stale: true, reason: "expired nonce" };
  return { ok: true };
}
