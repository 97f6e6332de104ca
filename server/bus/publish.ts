import { MAX_RELIABLE_BYTES } from "../snapshots/annotation-contracts.ts";
import type { AppDeps } from "../http/env.ts";

/**
 * Reliable data to everyone in a LiveKit room, after the write it announces has committed. A LiveKit
 * hiccup must not undo what is persisted: clients reload from the API (by version or cursor) anyway.
 * A payload over LiveKit's reliable packet limit is not sent at all (logged), rather than truncated.
 */
export async function broadcast(deps: Pick<AppDeps, "livekit">, room: string, topic: string, payload: unknown): Promise<boolean> {
  if (!deps.livekit) return false;
  const size = new TextEncoder().encode(JSON.stringify(payload)).byteLength;
  if (size > MAX_RELIABLE_BYTES) {
    console.warn(`[api] not broadcasting ${topic} to ${room}: ${size} bytes exceed ${MAX_RELIABLE_BYTES}`);
    return false;
  }
  try {
    await deps.livekit.send(room, topic, payload);
    return true;
  } catch (err) {
    console.warn(`[api] could not broadcast ${topic} to ${room}:`, (err as Error).message);
    return false;
  }
}
