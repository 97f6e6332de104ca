import type { LiveGrants } from "./types.ts";

/**
 * LiveKit's TrackSource as protobuf numbers. The API currently sends `canPublishSources` as these numbers
 * written as strings ("2" for the microphone) rather than the names its tokens carry ("microphone");
 * both spellings are read here until the API settles on the names.
 */
const SOURCE_NAMES: Record<string, string> = { "1": "camera", "2": "microphone", "3": "screen_share", "4": "screen_share_audio" };

export function normalizeGrants(grants: LiveGrants): LiveGrants {
  return { ...grants, canPublishSources: grants.canPublishSources.map((s) => SOURCE_NAMES[s] ?? s.toLowerCase()) };
}

/** May this viewer talk? (Parents may not: they only watch.) */
export const mayTalk = (grants: LiveGrants | null) => !!grants?.canPublish && normalizeGrants(grants).canPublishSources.includes("microphone");
