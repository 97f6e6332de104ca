import { DAILY_ITEMS, MAX_CHECKLIST_ITEMS, MONTHLY_ITEMS, WEEKLY_ITEMS } from "./kinds.ts";

export { MAX_CHECKLIST_ITEMS };

/**
 * The adaptable checklists of 食品安全自查 (issue 14): the built-in items of 日管控、周排查、月调度 and a region's
 * adaptation of them — kept, reworded, removed, or its own items added. Pure: which checklist is in effect for a
 * canteen, whether an adaptation is well formed, whether an entry's ticks belong to the checklist. No I/O; the
 * client imports this file too.
 */
export const CHECKLIST_KINDS = ["daily_control", "weekly_check", "monthly_dispatch"] as const;
export type ChecklistKind = (typeof CHECKLIST_KINDS)[number];
export const isChecklistKind = (k: string): k is ChecklistKind => (CHECKLIST_KINDS as readonly string[]).includes(k);

export const BUILTIN_ITEMS: Record<ChecklistKind, readonly string[]> = { daily_control: DAILY_ITEMS, weekly_check: WEEKLY_ITEMS, monthly_dispatch: MONTHLY_ITEMS };
export const MAX_ITEM_LABEL = 60;

/** One item in effect: its key, and its wording when the region gave one (null: the built-in item's own, from the dictionaries). */
export interface ChecklistItem {
  key: string;
  label: string | null;
}
/** One stored version of a region's checklist of a kind (items null: the region stopped adapting it). */
export interface ChecklistVersion {
  id: string;
  regionCode: string;
  version: number;
  items: ChecklistItem[] | null;
}
/** The checklist an entry is checked against: a region's version, or the built-in list (id null, version 0). */
export interface ChecklistInEffect {
  id: string | null;
  version: number;
  regionCode: string | null;
  items: ChecklistItem[];
}

export const builtinChecklist = (kind: ChecklistKind): ChecklistInEffect => ({ id: null, version: 0, regionCode: null, items: BUILTIN_ITEMS[kind].map((key) => ({ key, label: null })) });

/**
 * The checklist in effect for a canteen: the latest version of the nearest region (its ladder, most local first:
 * district, city, province) that adapts the kind; a region whose latest version is null passes to the one above.
 */
export function checklistInEffect(kind: ChecklistKind, ladder: readonly string[], latest: ReadonlyMap<string, ChecklistVersion>): ChecklistInEffect {
  for (const code of ladder) {
    const v = latest.get(code);
    if (v?.items) return { id: v.id, version: v.version, regionCode: v.regionCode, items: v.items };
  }
  return builtinChecklist(kind);
}

/** An item as the regulator sends it: a key it keeps (built-in or its own), or none for a new item of its own. */
export interface ItemInput {
  key?: string;
  label?: string;
}
export interface ItemProblem {
  path: string;
  message: string;
}

/**
 * What is wrong with an adaptation (empty: nothing): keys must be built-in ones of the kind or the region's own
 * (c_…), each once; an item of the region's own needs its wording. The length and characters of a label are the
 * contract's (text rules).
 */
export function checklistProblems(kind: ChecklistKind, items: readonly ItemInput[]): ItemProblem[] {
  const builtin = BUILTIN_ITEMS[kind];
  const seen = new Set<string>();
  const problems: ItemProblem[] = [];
  items.forEach((item, i) => {
    const own = item.key === undefined || item.key.startsWith("c_");
    if (item.key !== undefined) {
      if (!own && !builtin.includes(item.key)) return problems.push({ path: `items.${i}.key`, message: "not an item of this checklist" });
      if (seen.has(item.key)) problems.push({ path: `items.${i}.key`, message: "item listed twice" });
      seen.add(item.key);
    }
    if (own && !item.label) problems.push({ path: `items.${i}.label`, message: "an item of the region's own needs its wording" });
  });
  return problems;
}

/** The stored items of an adaptation: new items get a fresh key; a built-in item keeps no label equal to none. */
export function itemsToStore(items: readonly ItemInput[], newKey: () => string): ChecklistItem[] {
  return items.map((item) => ({ key: item.key ?? newKey(), label: item.label ?? null }));
}

/** What is wrong with the ticks of an entry against the checklist in effect (empty: nothing). */
export function passedProblems(passed: readonly string[], checklist: ChecklistInEffect): ItemProblem[] {
  const keys = new Set(checklist.items.map((i) => i.key));
  const seen = new Set<string>();
  const problems: ItemProblem[] = [];
  passed.forEach((key, i) => {
    if (!keys.has(key)) problems.push({ path: `data.passed.${i}`, message: "not an item of the checklist in effect" });
    else if (seen.has(key)) problems.push({ path: `data.passed.${i}`, message: "item ticked twice" });
    seen.add(key);
  });
  return problems;
}
