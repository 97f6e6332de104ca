import type { Actor } from "../scope/actor.ts";

/**
 * The signed-in actor behind a session token, kept for a moment. Every authenticated request resolved it afresh —
 * the session row and the memberships, two queries with their SQL built and their rows mapped — about a fifth
 * of a list read's work (bench:load, issue 11 item 17). Kept for at most ACTOR_CACHE_MS and never past the
 * session's own expiry; every write on this instance that changes who someone is or what they hold (sign-out,
 * a user disabled or given a new password, a membership added or removed, an org changed) empties it at once.
 * Another API instance sees such a change within ACTOR_CACHE_MS (DESIGN §7: sessions live in the database).
 */
export const ACTOR_CACHE_MS = 2_000;
/** a bound on memory: at most this many sessions are kept; past it the oldest goes first */
export const ACTOR_CACHE_MAX = 10_000;

interface Entry {
  actor: Actor;
  cachedAt: number;
  sessionExpiresAt: number;
}

const entries = new Map<string, Entry>();
/** bumped by forgetActors: an actor read before a change is not kept after it */
let generation = 0;

/** Taken before reading an actor from the database, handed back to rememberActor. */
export const actorGeneration = (): number => generation;

/** The kept actor for this token hash, or null when none is kept or it is too old (or the clock went back). */
export function cachedActor(tokenHash: string, now: number): Actor | null {
  const entry = entries.get(tokenHash);
  if (!entry) return null;
  if (now < entry.cachedAt || now - entry.cachedAt >= ACTOR_CACHE_MS || now >= entry.sessionExpiresAt) {
    entries.delete(tokenHash);
    return null;
  }
  return entry.actor;
}

/**
 * Keeps an actor just read from the database (unless something changed since `readAt`, the generation taken
 * before reading: a request in flight across a sign-out must not put the old actor back); frozen, since every
 * request of the session shares it.
 */
export function rememberActor(tokenHash: string, actor: Actor, sessionExpiresAt: number, now: number, readAt: number): Actor {
  if (readAt !== generation) return actor;
  if (entries.size >= ACTOR_CACHE_MAX) entries.delete(entries.keys().next().value!);
  for (const m of actor.memberships) Object.freeze(m);
  Object.freeze(actor.memberships);
  entries.set(tokenHash, { actor: Object.freeze(actor), cachedAt: now, sessionExpiresAt });
  return actor;
}

/** Someone's sessions, memberships or orgs changed: nothing kept may be used again. */
export function forgetActors(): void {
  generation++;
  entries.clear();
}
