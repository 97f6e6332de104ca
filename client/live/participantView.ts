import type { Participant } from "livekit-client";
import type { ParticipantView, Quality } from "./types.ts";

/** The people list's order: me first, then by role (regulators before the school), gateways last. */
const ROLE_ORDER = ["regulator_admin", "inspector", "education_officer", "principal", "food_safety_director", "food_safety_officer", "canteen_staff", "supplier_manager", "parent_rep"];
const rank = (p: ParticipantView) => (p.isLocal ? -1 : p.role === "gateway" ? 99 : ROLE_ORDER.indexOf(p.role) === -1 ? 50 : ROLE_ORDER.indexOf(p.role));

/** A participant in our own words: name, role and organisation come from the token's attributes. */
export function viewOf(p: Participant, isLocal: boolean): ParticipantView {
  const a = p.attributes ?? {};
  return {
    identity: p.identity,
    name: a.displayName || p.name || p.identity,
    role: a.role ?? "",
    orgName: a.orgName ?? "",
    isLocal,
    speaking: p.isSpeaking,
    micOn: p.isMicrophoneEnabled,
    quality: (p.connectionQuality as Quality) ?? "unknown",
  };
}

export const byRoleThenName = (views: ParticipantView[]) => views.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
