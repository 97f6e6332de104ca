/**
 * SHA-256 (FIPS 180-4) in plain TypeScript, synchronous, with no dependency: the draw's sampler runs the same
 * code on the server and in the browser's public verify page (which may be served over plain HTTP, where Web
 * Crypto is absent), so both compute the same keys bit for bit.
 */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
  0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
  0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Uint32Array(64);
const encoder = new TextEncoder();
const HEX_CODES = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
/** the 64 character codes of a digest: one flat string made from them (a string built by += is a rope, slow to compare) */
const OUT = new Array<number>(64);
const H = new Uint32Array(8);
/** room for the last block(s) of a message, reused */
const TAIL = new Uint8Array(128);

function compress(h: Uint32Array, m: Uint8Array, off: number) {
  for (let i = 0; i < 16; i++) W[i] = (m[off + 4 * i]! << 24) | (m[off + 4 * i + 1]! << 16) | (m[off + 4 * i + 2]! << 8) | m[off + 4 * i + 3]!;
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15]!, b = W[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, k = h[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0; h[1] = (h[1]! + b) | 0; h[2] = (h[2]! + c) | 0; h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0; h[5] = (h[5]! + f) | 0; h[6] = (h[6]! + g) | 0; h[7] = (h[7]! + k) | 0;
}

const INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** Finishes a digest: `h` holds the state after `before` bytes (whole blocks); `data` is the rest of the message. */
function finish(h: Uint32Array, data: Uint8Array, before: number): string {
  const full = data.length - (data.length % 64);
  for (let off = 0; off < full; off += 64) compress(h, data, off);
  const rest = data.length - full;
  const tailLength = rest < 56 ? 64 : 128;
  const tail = TAIL;
  tail.fill(0, 0, tailLength);
  tail.set(data.subarray(full));
  tail[rest] = 0x80;
  const bits = (before + data.length) * 8;
  const hi = Math.floor(bits / 2 ** 32), lo = bits >>> 0;
  tail[tailLength - 8] = hi >>> 24; tail[tailLength - 7] = (hi >>> 16) & 255; tail[tailLength - 6] = (hi >>> 8) & 255; tail[tailLength - 5] = hi & 255;
  tail[tailLength - 4] = lo >>> 24; tail[tailLength - 3] = (lo >>> 16) & 255; tail[tailLength - 2] = (lo >>> 8) & 255; tail[tailLength - 1] = lo & 255;
  for (let off = 0; off < tailLength; off += 64) compress(h, tail, off);
  for (let i = 0; i < 8; i++) {
    const w = h[i]!;
    for (let j = 0; j < 8; j++) OUT[i * 8 + j] = HEX_CODES[(w >>> (28 - 4 * j)) & 15]!;
  }
  return String.fromCharCode(...OUT);
}

/** The digest of bytes, as 64 lowercase hex characters. */
export function sha256Bytes(data: Uint8Array): string {
  H.set(INIT);
  return finish(H, data, 0);
}

/**
 * Digests of many texts sharing one prefix (the draw's keys: seed | id): the prefix's whole blocks are compressed
 * once, so each text costs only its own blocks. `withPrefix(p)(rest)` equals `sha256Hex(p + rest)`.
 */
export function sha256WithPrefix(prefix: string): (rest: string) => string {
  const p = encoder.encode(prefix);
  const whole = p.length - (p.length % 64);
  const mid = new Uint32Array(INIT);
  for (let off = 0; off < whole; off += 64) compress(mid, p, off);
  const carry = p.subarray(whole);
  const buffer = new Uint8Array(4096);
  return (rest) => {
    let data: Uint8Array;
    if (carry.length + rest.length * 3 <= buffer.length) {
      buffer.set(carry);
      const { written } = encoder.encodeInto(rest, buffer.subarray(carry.length));
      data = buffer.subarray(0, carry.length + written);
    } else {
      const r = encoder.encode(rest);
      data = new Uint8Array(carry.length + r.length);
      data.set(carry);
      data.set(r, carry.length);
    }
    H.set(mid);
    return finish(H, data, whole);
  };
}

/** The digest of a text's UTF-8 bytes. */
export const sha256Hex = (text: string) => sha256Bytes(encoder.encode(text));
