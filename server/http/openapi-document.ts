/**
 * The OpenAPI document as served: what the generator writes, with the one thing it gets wrong for 3.1 put right.
 * It renders a zod tuple (a point [x, y]) as `items: [...]`, which OpenAPI 3.1 (JSON Schema 2020-12) forbids and
 * client generators and testers refuse; 3.1 says `prefixItems`, and exactly that many items.
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
  if (Array.isArray(out.prefixItems) && out.type === "array") {
    const n = out.prefixItems.length;
    out.minItems ??= n;
    out.maxItems ??= n;
    out.items = false;
  }
  return out;
}
