import { eq } from "drizzle-orm";
import { canteenDisclosures } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { type AppDeps, type Caller, nowOf } from "../http/env.ts";
import { invalid } from "../http/errors.ts";
import type { Scope } from "../scope/actor.ts";
import { canteenInScope } from "../scope/loaders.ts";
import { DEFAULT_CAP } from "./live.ts";
import { minutesOf } from "./rules.ts";

/** What the school discloses beyond the canteen's own facts (第十二条, 第二十二条): defaults until it sets them. */
export async function getDisclosure(deps: AppDeps, scope: Scope, canteenId: string) {
  const { canteen } = await canteenInScope(deps.db, scope, canteenId);
  const [current] = await deps.db.select().from(canteenDisclosures).where(eq(canteenDisclosures.canteenId, canteen.id));
  return { licenseValidUntil: current?.licenseValidUntil ?? null, liveFrom: current?.liveFrom ?? null, liveTo: current?.liveTo ?? null, viewerCap: current?.viewerCap ?? DEFAULT_CAP };
}

export interface DisclosurePatch {
  licenseValidUntil?: string | null;
  liveFrom?: string | null;
  liveTo?: string | null;
  viewerCap?: number;
}

/**
 * The school sets what its public page discloses and the hours of its public cameras (audited). Hours are both
 * set (opening before closing, the same day, China time) or both cleared (the public cameras stay closed).
 */
export async function updateDisclosure({ deps, scope, actor }: Caller, canteenId: string, patch: DisclosurePatch) {
  const current = await getDisclosure(deps, scope, canteenId);
  const next = { ...current, ...patch };
  if ((next.liveFrom === null) !== (next.liveTo === null)) throw invalid("live_hours_incomplete", [{ path: next.liveFrom === null ? "liveFrom" : "liveTo", message: "set both hours, or clear both" }]);
  if (next.liveFrom !== null && next.liveTo !== null && (minutesOf(next.liveTo) ?? 0) <= (minutesOf(next.liveFrom) ?? 0)) throw invalid("live_hours_order", [{ path: "liveTo", message: "must be after liveFrom" }]);
  const now = nowOf(deps);
  return writeAudited(deps, async (tx) => {
    await tx.insert(canteenDisclosures).values({ canteenId, ...next, updatedAt: now }).onConflictDoUpdate({ target: canteenDisclosures.canteenId, set: { ...next, updatedAt: now } });
    return { result: next, audit: { actorId: actor.userId, action: "canteen.disclosure", targetType: "canteen", targetId: canteenId, change: { before: current, after: next } } };
  });
}
