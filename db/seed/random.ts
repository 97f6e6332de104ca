/** mulberry32: a tiny deterministic PRNG, so the same seed always yields the same demo data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Opaque ids in the API's format (`prefix_` + 16 characters), drawn from a seeded generator. */
export function seededIds(random: () => number) {
  return (prefix: string) => {
    let s = "";
    for (let i = 0; i < 16; i++) s += ALPHABET[Math.floor(random() * 62)];
    return `${prefix}_${s}`;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
