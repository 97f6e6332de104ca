/**
 * GB/T 2260 codes nest by prefix: the first 2 digits name the province, 4 the city, 6 the district. A code's
 * ladder is itself and the codes of the levels above it, most local first, without repeats (a city's own code
 * is its city level; a province's, its province level) — e.g. 420702 → [420702, 420700, 420000].
 */
export function regionLadder(code: string): string[] {
  return [...new Set([code, `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`])];
}

/** The inclusive range of codes a region covers (everything below it), for a level. */
export function regionRange(code: string, level: "province" | "city" | "district"): readonly [string, string] {
  const keep = level === "province" ? 2 : level === "city" ? 4 : 6;
  const stem = code.slice(0, keep);
  return [stem.padEnd(6, "0"), stem.padEnd(6, "9")];
}
