import { REQUIRED_PATROL_AREAS } from "../contracts/enums.ts";
import type { ChecklistItem } from "../contracts/inspections.ts";

/** The checklist covers each of the five required areas exactly once. */
export const checklistComplete = (items: ChecklistItem[]) =>
  items.length === REQUIRED_PATROL_AREAS.length && REQUIRED_PATROL_AREAS.every((k) => items.filter((i) => i.areaKind === k).length === 1);

/** Any area with a problem makes the result "issues_found". */
export const resultOf = (items: ChecklistItem[]) => (items.some((i) => i.status === "issue") ? ("issues_found" as const) : ("satisfactory" as const));
