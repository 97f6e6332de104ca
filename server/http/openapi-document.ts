/**
 * The OpenAPI document as served: what the generator writes, with the one thing it gets wrong for 3.1 put right.
 * It renders a zod tuple (a point [x, y]) as `items: [...]`, which OpenAPI 3.1 (JSON Schema 2020-12) forbids and
 * client generators and testers refuse. A tuple whose positions are all alike (every one here: two coordinates)
 * is simply an array of exactly that many such items, which every tool reads; others become `prefixItems`.
 */
type Json = unknown;

export function fixTuples(node: Json): Json {
  if (Array.isArray(node)) return node.map(fixTuples);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) out[key] = fixTuples(value);
  if (Array.isArray(out.items)) {
    const positions = out.items;
    delete out.items;
    out.prefixItems = positions;
  }
  const positions = out.prefixItems;
  if (Array.isArray(positions) && positions.length > 0 && positions.every((p) => JSON.stringify(p) === JSON.stringify(positions[0]))) {
    const n = positions.length;
    out.items = positions[0];
    delete out.prefixItems;
    out.minItems ??= n;
    out.maxItems ??= n;
    return out;
  }
  if (Array.isArray(out.prefixItems) && out.type === "array") {
    const n = out.prefixItems.length;
    out.minItems ??= n;
    out.maxItems ??= n;
    out.items = false;
  }
  return out;
}
