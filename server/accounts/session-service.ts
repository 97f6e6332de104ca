import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { authSessions, loginFailures, users } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { permissionsOf } from "../auth/permissions.ts";
import { resolveActor } from "../auth/session.ts";
import { forgetActors } from "../auth/actor-cache.ts";
import { newId, newSecret, sha256Hex } from "../auth/tokens.ts";
import { nowOf } from "../clock/clock.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps } from "../http/env.ts";
import { ApiError } from "../http/errors.ts";
import type { Actor } from "../scope/actor.ts";
import type { LoginRequest } from "./contracts.ts";
import { DUMMY_HASH, verifyPassword } from "./password.ts";
import { lockRemainingMs, toMembershipView } from "./rules.ts";
import type { z } from "zod";

/** Sessions: sign-in throttled per (username, client address) and per client address (failures kept and audited), sign-out revokes the session. */

export const meOf = (actor: Actor) => ({
  id: actor.userId,
  username: actor.username,
  displayName: actor.displayName,
  memberships: actor.memberships.map(toMembershipView),
  permissions: permissionsOf(actor.memberships.map((m) => m.role)),
});

export async function login(deps: AppDeps, input: { json: z.infer<typeof LoginRequest>; ip: string | null }) {
  const { db, config } = deps;
  const { username, password } = input.json;
  const ip = input.ip;
  const now = nowOf(deps);
  const { maxFailures, maxFailuresPerAddress, windowMs } = config.loginThrottle;
  const sameIp = ip === null ? isNull(loginFailures.ip) : eq(loginFailures.ip, ip);
  const recent = gt(loginFailures.at, now - windowMs);
  // this username from this address (a user is never locked out by someone else's guesses) …
  const pair = await db.select({ at: loginFailures.at }).from(loginFailures).where(and(eq(loginFailures.username, username), sameIp, recent));
  // … and this address across usernames (one password sprayed over many accounts); unknown addresses share nothing
  const fromAddress = ip === null ? [] : await db.select({ at: loginFailures.at }).from(loginFailures).where(and(eq(loginFailures.ip, ip), recent));
  const waitMs = Math.max(
    lockRemainingMs(pair.map((f) => f.at), maxFailures, windowMs, now),
    lockRemainingMs(fromAddress.map((f) => f.at), maxFailuresPerAddress, windowMs, now),
  );
  if (waitMs > 0) throw new ApiError("rate_limited", undefined, undefined, { "Retry-After": String(Math.ceil(waitMs / 1000)) });
  const [user] = await db.select().from(users).where(eq(users.username, username));
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !passwordOk) {
    await db.transaction(async (tx) => {
      const id = newId("lf");
      await tx.delete(loginFailures).where(lt(loginFailures.at, now - windowMs)); // only the window counts
      await tx.insert(loginFailures).values({ id, username, ip, at: now });
      await appendAudit(tx, { actorId: null, action: "auth.login_failed", targetType: "username", targetId: username, change: { ip } });
    });
    throw new ApiError("unauthorized", "bad_credentials");
  }
  if (user.status !== "active") throw new ApiError("unauthorized", "account_disabled");

  const token = newSecret("mcs");
  const expiresAt = now + config.sessionTtlMs;
  const sessionId = newId("ses");
  await db.transaction(async (tx) => {
    await tx.delete(loginFailures).where(and(eq(loginFailures.username, username), sameIp));
    await tx.insert(authSessions).values({ id: sessionId, tokenHash: sha256Hex(token), userId: user.id, createdAt: now, expiresAt });
    await appendAudit(tx, { actorId: user.id, action: "auth.login", targetType: "auth_session", targetId: sessionId, change: { ip } });
  });
  const actor = await resolveActor(db, token, now);
  if (!actor) throw new ApiError("unauthorized");
  return { token, expiresAt: toIso(expiresAt), me: meOf(actor) };
}

/** Sign out everywhere: every live session of this user ends (a lost phone, a shared computer). */
export async function logoutEverywhere(deps: AppDeps, actor: Actor): Promise<number> {
  const now = nowOf(deps);
  return deps.db.transaction(async (tx) => {
    const ended = await tx
      .update(authSessions)
      .set({ revokedAt: now })
      .where(and(eq(authSessions.userId, actor.userId), isNull(authSessions.revokedAt), gt(authSessions.expiresAt, now)))
      .returning({ id: authSessions.id });
    await appendAudit(tx, { actorId: actor.userId, action: "auth.logout_everywhere", targetType: "user", targetId: actor.userId, change: { sessions: ended.length } }, now);
    return ended.length;
  }).finally(forgetActors);
}

export async function logout(deps: AppDeps, actor: Actor) {
  await deps.db.transaction(async (tx) => {
    await tx.update(authSessions).set({ revokedAt: nowOf(deps) }).where(eq(authSessions.id, actor.sessionId));
    await appendAudit(tx, { actorId: actor.userId, action: "auth.logout", targetType: "auth_session", targetId: actor.sessionId, change: {} });
  }).finally(forgetActors);
}
