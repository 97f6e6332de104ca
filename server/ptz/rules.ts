import type { PtzRank } from "./contracts.ts";

/**
 * Who steers a PTZ camera (pure): one controller at a time; the regulator's inspector takes control from the
 * school's staff, never the reverse; control lapses after a quiet lease so a forgotten tab does not block others.
 */
export const PTZ_LEASE_MS = 120_000;
const ORDER: Record<PtzRank, number> = { school: 1, regulator: 2 };

export interface Control {
  holderId: string | null;
  holderRank: PtzRank | null;
  expiresAt: number | null;
}
export interface Claimant {
  userId: string;
  rank: PtzRank;
}

/** The holder at `now`, or null when nobody holds control (never taken, released, or lapsed). */
export function holderAt(c: Control | null, now: number): { id: string; rank: PtzRank } | null {
  if (!c || c.holderId === null || c.holderRank === null || c.expiresAt === null || c.expiresAt <= now) return null;
  return { id: c.holderId, rank: c.holderRank };
}

export type Claim = { granted: true; preempted: string | null } | { granted: false; heldBy: string };

/** Asking for control: free or one's own → granted; held by a lower rank → taken over; else refused. */
export function claim(c: Control | null, who: Claimant, now: number): Claim {
  const h = holderAt(c, now);
  if (!h || h.id === who.userId) return { granted: true, preempted: null };
  if (ORDER[who.rank] > ORDER[h.rank]) return { granted: true, preempted: h.id };
  return { granted: false, heldBy: h.id };
}

/** Only the current holder's commands are carried out. */
export const mayCommand = (c: Control | null, userId: string, now: number) => holderAt(c, now)?.id === userId;

/** The rank a caller claims with: a regulator's membership among those that grant PTZ control, else the school's. */
export const rankOf = (memberships: ReadonlyArray<{ orgKind: string }>): PtzRank => (memberships.some((m) => m.orgKind === "regulator") ? "regulator" : "school");
