import { z } from "zod";
import { en } from "../../client/i18n/en.ts";
import { zhCN } from "../../client/i18n/zh-CN.ts";
import type { Lang } from "../http/i18n.ts";
import type { LedgerEntry } from "./contracts.ts";
import { kindDef, type LedgerKind } from "./kinds.ts";

/**
 * A ledger kind's entries as a table for the exports (issue 14, item 6), made from the kind's declaration: one
 * column per field of its schema (labelled, its options named, times in China time), then who entered it, when,
 * photos and status. Labels come from the client's dictionaries, so the export says what the phone form says.
 * Pure: the .xlsx and the PDF (export.ts) both lay out these tables.
 */

type Input = "number" | "boolean" | "multi" | "choice" | "datetime" | "staff" | "text" | "paragraph";
interface Field { name: string; input: Input }
interface JsonProp { type?: string; enum?: string[]; format?: string; maxLength?: number; items?: JsonProp }

const fieldCache = new Map<LedgerKind, Field[]>();
function fieldsOf(kind: LedgerKind): Field[] {
  const known = fieldCache.get(kind);
  if (known) return known;
  const schema = z.toJSONSchema(kindDef(kind).schema, { io: "input", unrepresentable: "any" }) as { properties: Record<string, JsonProp> };
  const fields = Object.entries(schema.properties).map(([name, p]): Field => {
    const input: Input =
      name === "staffId" ? "staff"
      : p.type === "number" || p.type === "integer" ? "number"
      : p.type === "boolean" ? "boolean"
      : p.type === "array" ? "multi"
      : p.enum ? "choice"
      : p.format === "date-time" ? "datetime"
      : (p.maxLength ?? 0) >= 500 ? "paragraph"
      : "text";
    return { name, input };
  });
  fieldCache.set(kind, fields);
  return fields;
}

const DICTIONARIES: Record<Lang, Record<string, string>> = { "zh-CN": zhCN, en };
/** A dictionary text with its {placeholders} filled. */
export function label(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const text = DICTIONARIES[lang][key] ?? zhCN[key as keyof typeof zhCN] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}
const optionLabel = (lang: Lang, value: string) => {
  const dict = DICTIONARIES[lang];
  return dict[`ledger.opt.${value}`] ?? dict[`area.${value}`] ?? value;
};

/** An instant as China time, YYYY-MM-DD HH:mm. */
export const chinaTime = (iso: string | number) => new Date((typeof iso === "number" ? iso : Date.parse(iso)) + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");

function cell(lang: Lang, f: Field, value: unknown, e: LedgerEntry): string {
  if (value === undefined || value === null) return "";
  switch (f.input) {
    case "staff":
      return String(e.derived?.staffName ?? value);
    case "boolean":
      return label(lang, value ? "ledger.yes" : "ledger.no");
    case "multi": {
      // a 自查 entry names its items by the checklist it was made against (a region's own wording first)
      const worded = new Map(((e.derived?.checklist as { items?: Array<{ key: string; label: string | null }> } | undefined)?.items ?? []).map((i) => [i.key, i.label]));
      return (value as string[]).map((v) => worded.get(v) ?? optionLabel(lang, v)).join(lang === "en" ? ", " : "、");
    }
    case "choice":
      return optionLabel(lang, String(value));
    case "datetime":
      return chinaTime(String(value));
    default:
      return String(value);
  }
}

const WIDTH: Record<Input, number> = { number: 1, boolean: 0.8, multi: 1.6, choice: 1.1, datetime: 1.5, staff: 1.2, text: 1.6, paragraph: 3 };

export interface LedgerTable {
  kind: LedgerKind;
  /** the kind's name */
  name: string;
  /** header and relative width of each column */
  columns: Array<{ header: string; width: number }>;
  rows: string[][];
}

/** One kind's current versions as a table, oldest first. */
export function tableOf(lang: Lang, kind: LedgerKind, entries: LedgerEntry[]): LedgerTable {
  const fields = fieldsOf(kind);
  const columns = [
    { header: label(lang, "ledger.eventAt"), width: 1.5 },
    ...fields.map((f) => ({ header: label(lang, `ledger.field.${f.name}`), width: WIDTH[f.input] })),
    { header: label(lang, "ledger.enteredBy"), width: 1.1 },
    { header: label(lang, "ledger.export.enteredAt"), width: 1.5 },
    { header: label(lang, "ledger.photos"), width: 0.7 },
    { header: label(lang, "ledger.export.status"), width: 1.6 },
  ];
  const rows = entries.map((e) => {
    const status = [e.late ? label(lang, "ledger.late") : "", e.flagged ? label(lang, "ledger.flagged") : "", e.version > 1 ? `${label(lang, "ledger.version", { n: e.version })}：${e.reason ?? ""}` : ""].filter(Boolean).join(" ");
    return [chinaTime(e.eventAt), ...fields.map((f) => cell(lang, f, e.data[f.name], e)), e.enteredBy.name, chinaTime(e.enteredAt), String(e.photos.length), status];
  });
  return { kind, name: label(lang, `ledger.kind.${kind}`), columns, rows };
}
