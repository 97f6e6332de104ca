import { z } from "zod";
import { type LedgerKind, LEDGER_KINDS } from "../../../server/ledgers/kinds.ts";
import { type MessageKey, t } from "../../i18n/index.ts";
import { zhCN } from "../../i18n/zh-CN.ts";

/**
 * The phone form of a ledger kind, made from its declaration (server/ledgers/kinds.ts): each field of the kind's
 * zod schema becomes one input — a number, a yes/no, a set of checkboxes, a choice, a time, a date, a person of
 * the canteen, a line or a paragraph — so a new kind needs no page of its own.
 */
export type FieldInput = "number" | "boolean" | "multi" | "choice" | "datetime" | "date" | "staff" | "session" | "line" | "paragraph";
export interface FieldSpec {
  name: string;
  input: FieldInput;
  required: boolean;
  options: string[];
  min?: number;
  max?: number;
}

interface JsonProp {
  type?: string;
  enum?: string[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
  items?: JsonProp;
}

function inputOf(name: string, p: JsonProp): FieldInput {
  if (name === "staffId") return "staff";
  // 家长监督: the supervised viewing session (issue 13) it was part of, if any
  if (name === "viewingSessionId") return "session";
  if (p.type === "number" || p.type === "integer") return "number";
  if (p.type === "boolean") return "boolean";
  if (p.type === "array") return "multi";
  if (p.enum) return "choice";
  if (p.format === "date-time") return "datetime";
  if (p.pattern === "^\\d{4}-\\d{2}-\\d{2}$") return "date";
  return (p.maxLength ?? 0) >= 500 ? "paragraph" : "line";
}

const cache = new Map<LedgerKind, FieldSpec[]>();
export function fieldsOf(kind: LedgerKind): FieldSpec[] {
  const known = cache.get(kind);
  if (known) return known;
  const schema = z.toJSONSchema(LEDGER_KINDS[kind].schema, { io: "input", unrepresentable: "any" }) as { properties: Record<string, JsonProp>; required?: string[] };
  const fields = Object.entries(schema.properties).map(([name, p]): FieldSpec => ({
    name,
    input: inputOf(name, p),
    required: schema.required?.includes(name) ?? false,
    options: p.enum ?? p.items?.enum ?? [],
    min: p.minimum ?? p.exclusiveMinimum,
    max: p.maximum,
  }));
  cache.set(kind, fields);
  return fields;
}

/** The label of a field or of one of its options, from the dictionaries (area kinds share the camera areas' names). */
const known = (key: string): key is MessageKey => key in zhCN;
export const fieldLabel = (name: string) => (known(`ledger.field.${name}`) ? t(`ledger.field.${name}` as MessageKey) : name);
export function optionLabel(value: string) {
  if (known(`ledger.opt.${value}`)) return t(`ledger.opt.${value}` as MessageKey);
  if (known(`area.${value}`)) return t(`area.${value}` as MessageKey);
  return value;
}

/** The form's values as the kind's data: numbers as numbers, times with their offset, empty optionals left out. */
export function dataOf(fields: FieldSpec[], values: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.input === "boolean") data[f.name] = v === true;
    else if (f.input === "multi") data[f.name] = Array.isArray(v) ? v : [];
    else if (v === undefined || v === "") continue;
    else if (f.input === "number") data[f.name] = Number(v);
    else if (f.input === "datetime") data[f.name] = new Date(String(v)).toISOString();
    else data[f.name] = v;
  }
  return data;
}

/** An item of a 自查 checklist as the school reads it: the region's wording, else the built-in item's own. */
export const itemLabel = (item: { key: string; label: string | null }) => item.label ?? optionLabel(item.key);

/**
 * A stored value in words (options by their labels, lists joined, yes/no); an entry's ticks are named by the checklist it was made against (kept with the
 * entry, issue 14), so an item the region later reworded or removed still reads as it did.
 */
export function valueLabel(v: unknown, derived?: Record<string, unknown> | null): string {
  const items = (derived?.checklist as { items?: Array<{ key: string; label: string | null }> } | undefined)?.items ?? [];
  if (Array.isArray(v)) return v.map((x) => { const item = items.find((i) => i.key === x); return item ? itemLabel(item) : optionLabel(String(x)); }).join("、");
  return typeof v === "boolean" ? t(v ? "ledger.yes" : "ledger.no") : optionLabel(String(v));
}
