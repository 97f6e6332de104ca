import type { Context } from "hono";

/**
 * The client's address, for throttling and the audit log. The TCP peer comes from the runtime (edge/node.ts,
 * edge/deno.ts pass `peerAddress` in the app's deps); `X-Forwarded-For` is believed only when that peer is
 * one of the configured proxies (TRUST_PROXY), and then only as far as the chain stays inside them: the
 * address taken is the right-most one that is not a trusted proxy.
 */

type Net = { v: 4 | 6; base: bigint; bits: number };

function parseV4(s: string): bigint | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

function parseV6(s: string): bigint | null {
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  let tail: bigint | null = null;
  const v4 = s.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    tail = parseV4(v4[2]!);
    if (tail === null) return null;
    s = `${v4[1]}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

/** An address as a number of its family; IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4. */
export function parseAddress(raw: string): { v: 4 | 6; n: bigint } | null {
  const s = raw.trim().replace(/^\[(.*)\]$/, "$1");
  const v4 = parseV4(s);
  if (v4 !== null) return { v: 4, n: v4 };
  const v6 = parseV6(s);
  if (v6 === null) return null;
  if (v6 >> 32n === 0xffffn) return { v: 4, n: v6 & 0xffffffffn };
  return { v: 6, n: v6 };
}

/** The canonical text of an address (so ::ffff:10.0.0.1 and 10.0.0.1 count as one client), or null. */
export function normaliseAddress(raw: string): string | null {
  const a = parseAddress(raw);
  if (!a) return null;
  if (a.v === 4) return [24n, 16n, 8n, 0n].map((s) => String((a.n >> s) & 0xffn)).join(".");
  return Array.from({ length: 8 }, (_, i) => ((a.n >> BigInt(112 - i * 16)) & 0xffffn).toString(16)).join(":");
}

/** TRUST_PROXY: a comma list of addresses and CIDRs (`10.0.0.0/8, 127.0.0.1, ::1, fd00::/8`). */
export function parseTrustedProxies(list: string | undefined): Net[] {
  const nets: Net[] = [];
  for (const item of (list ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [addr, bitsText] = item.split("/");
    const a = parseAddress(addr!);
    const max = a?.v === 4 ? 32 : 128;
    const bits = bitsText === undefined ? max : Number(bitsText);
    if (!a || !Number.isInteger(bits) || bits < 0 || bits > max) throw new Error(`TRUST_PROXY: not an address or CIDR: ${item}`);
    const shift = BigInt(max - bits);
    nets.push({ v: a.v, base: (a.n >> shift) << shift, bits });
  }
  return nets;
}

export function isTrusted(address: string, nets: readonly Net[]): boolean {
  const a = parseAddress(address);
  if (!a) return false;
  return nets.some((net) => {
    if (net.v !== a.v) return false;
    const shift = BigInt((a.v === 4 ? 32 : 128) - net.bits);
    return (a.n >> shift) << shift === net.base;
  });
}

/** The client behind a peer: the peer itself, or (from a trusted proxy) the right-most untrusted X-Forwarded-For hop. */
export function clientAddress(peer: string | null, forwardedFor: string | undefined, trusted: readonly Net[]): string | null {
  if (peer === null) return null;
  const normalised = normaliseAddress(peer) ?? peer;
  if (!isTrusted(normalised, trusted) || !forwardedFor) return normalised;
  const hops = forwardedFor.split(",").map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(hops[i]!);
    if (hop === null) return normalised; // a garbled chain: believe only what we saw
    if (!isTrusted(hop, trusted)) return hop;
  }
  return normaliseAddress(hops[0]!) ?? normalised;
}

/** The TCP peer of a request, as a runtime reports it (null when unknown, e.g. app.request in tests). */
export type PeerAddress = (c: Context) => string | null;
