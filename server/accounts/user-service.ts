import { nowOf } from "../clock/clock.ts";
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { authSessions, memberships, orgs, regions, users } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { canGrant, canManageUser } from "./grants.ts";
import { orgInScope, userInScope } from "../scope/loaders.ts";
import { hashPassword } from "./password.ts";
import { type Scope } from "../scope/actor.ts";
import { scopedLists, SYSTEM } from "../scope/lists.ts";
import { newId } from "../auth/tokens.ts";
import { forgetActors } from "../auth/actor-cache.ts";
import { IdParam } from "../contracts/common.ts";
import { CreateMembership, CreateUser, UpdateUser, UsersQuery } from "./user-contracts.ts";
import { toMembershipView } from "./rules.ts";
import { toIso } from "../clock/time.ts";
import { conflict, forbidden, notFound } from "../http/errors.ts";
import { keyset } from "../http/pagination.ts";
import type { z } from "zod";
import type { Caller } from "../http/env.ts";

const membershipColumns = {
  id: memberships.id,
  userId: memberships.userId,
  orgId: orgs.id,
  orgName: orgs.name,
  orgKind: orgs.kind,
  regionCode: regions.code,
  regionName: regions.name,
  regionLevel: regions.level,
  role: memberships.role,
};

/** Accounts and memberships: lists and detail through the caller's scope, audited creation, changes and removal by someone who could have granted them. */
/** Memberships of these users; `scope` limits them to what the caller may see. */
async function membershipsOf(db: DbOrTx, userIds: string[], scope: Scope | null) {
  if (!userIds.length) return [];
  return scopedLists(db, scope ?? SYSTEM)
    .memberships(membershipColumns, inArray(memberships.userId, userIds))
    .innerJoin(regions, eq(regions.code, orgs.regionCode))
    .orderBy(asc(memberships.createdAt));
}

async function userView(db: DbOrTx, scope: Scope, user: typeof users.$inferSelect) {
  const ms = await membershipsOf(db, [user.id], scope);
  return { id: user.id, username: user.username, displayName: user.displayName, status: user.status, createdAt: toIso(user.createdAt), memberships: ms.map(toMembershipView) };
}

/** 403 unless the caller could have granted every membership the user holds (all of them, not just the visible ones). */
async function assertManages(db: DbOrTx, scope: Scope, userId: string) {
  const held = await membershipsOf(db, [userId], null);
  const ok = canManageUser(scope, held.map((m) => ({ org: { id: m.orgId, kind: m.orgKind, regionCode: m.regionCode }, role: m.role })));
  if (!ok) throw forbidden("role_not_grantable");
}


const byUsername = keyset("asc", [users.username, users.id], (r: { name: string; id: string }) => [r.name, r.id]);

export async function listUsers({ deps, scope }: Caller, input: { query: z.infer<typeof UsersQuery> }) {
  const { db } = deps;
  const { orgId, role, cursor, limit } = input.query;
  const rows = await scopedLists(db, scope)
    .memberships(
      { user: users, name: users.username, id: users.id },
      orgId ? eq(orgs.id, orgId) : undefined,
      role ? eq(memberships.role, role) : undefined,
      byUsername.after(cursor),
    )
    .innerJoin(users, eq(users.id, memberships.userId))
    // one row per account, however many of its memberships are in scope
    .groupBy(users.id)
    .orderBy(...byUsername.orderBy)
    .limit(limit + 1);
  const { page, nextCursor } = byUsername.page(rows, limit);
  const ms = await membershipsOf(db, page.map((r) => r.id), scope);
  const items = page.map(({ user }) => ({
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    status: user.status,
    createdAt: toIso(user.createdAt),
    memberships: ms.filter((m) => m.userId === user.id).map(toMembershipView),
  }));
  return { items, nextCursor };
}

export async function getUser({ deps, scope }: Caller, input: { param: z.infer<typeof IdParam> }) {
  const { db } = deps;
  const user = await userInScope(db, scope, input.param.id);
  return await userView(db, scope, user);
}

export async function createUser({ deps, scope, actor }: Caller, input: { json: z.infer<typeof CreateUser> }) {
  const { db } = deps;
  const body = input.json;
  const passwordHash = await hashPassword(body.password);
  const user = await writeAudited(deps, async (tx) => {
    const org = await orgInScope(tx, scope, body.orgId);
    if (!canGrant(scope, org, body.role)) throw forbidden("role_not_grantable");
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, body.username));
    if (taken) throw conflict("username_taken");
    const now = nowOf(deps);
    const row = { id: newId("usr"), username: body.username, displayName: body.displayName, passwordHash, status: "active" as const, createdAt: now };
    await tx.insert(users).values(row);
    const membership = { id: newId("mb"), userId: row.id, orgId: org.id, role: body.role, createdAt: now };
    await tx.insert(memberships).values(membership);
    const { passwordHash: _secret, ...logged } = row;
    return { result: row, audit: { actorId: actor.userId, action: "user.create", targetType: "user", targetId: row.id, change: { ...logged, membership } } };
  });
  return await userView(db, scope, user);
}

export async function updateUser({ deps, scope, actor }: Caller, input: { param: z.infer<typeof IdParam>, json: z.infer<typeof UpdateUser> }) {
  const { db } = deps;
  const { id } = input.param;
  const { password, ...rest } = input.json;
  const patch = { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) };
  const user = await writeAudited(deps, async (tx) => {
    await userInScope(tx, scope, id);
    await assertManages(tx, scope, id);
    if (id === actor.userId && rest.status === "disabled") throw conflict("cannot_disable_self");
    const [row] = await tx.update(users).set(patch).where(eq(users.id, id)).returning();
    if (rest.status === "disabled" || password) {
      await tx.update(authSessions).set({ revokedAt: nowOf(deps) }).where(and(eq(authSessions.userId, id)));
    }
    return { result: row!, audit: { actorId: actor.userId, action: "user.update", targetType: "user", targetId: id, change: { ...rest, passwordChanged: Boolean(password) } } };
  });
  forgetActors(); // disabled, renamed or signed out: no request may go on as the kept actor
  return await userView(db, scope, user);
}

export async function addMembership({ deps, scope, actor }: Caller, input: { json: z.infer<typeof CreateMembership> }) {
  const { db } = deps;
  const body = input.json;
  const user = await writeAudited(deps, async (tx) => {
    const user = await userInScope(tx, scope, body.userId);
    const org = await orgInScope(tx, scope, body.orgId);
    if (!canGrant(scope, org, body.role)) throw forbidden("role_not_grantable");
    const [exists] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, user.id), eq(memberships.orgId, org.id), eq(memberships.role, body.role)));
    if (exists) throw conflict("membership_exists");
    const row = { id: newId("mb"), userId: user.id, orgId: org.id, role: body.role, createdAt: nowOf(deps) };
    await tx.insert(memberships).values(row);
    return { result: user, audit: { actorId: actor.userId, action: "membership.create", targetType: "membership", targetId: row.id, change: row } };
  });
  forgetActors(); // the user's scope grew
  return await userView(db, scope, user);
}

export async function removeMembership({ deps, scope, actor }: Caller, input: { param: z.infer<typeof IdParam> }) {
  const { db } = deps;
  const { id } = input.param;
  await writeAudited(deps, async (tx) => {
    const [m] = await scopedLists(tx, scope).memberships({ membership: memberships, org: orgs }, eq(memberships.id, id));
    if (!m) throw notFound();
    if (!canGrant(scope, m.org, m.membership.role)) throw forbidden("role_not_grantable");
    // nobody locks themselves out of administration, and no account is left without any role
    if (m.membership.userId === actor.userId && m.membership.role === "regulator_admin") throw conflict("cannot_remove_own_admin");
    const [{ held }] = await tx.select({ held: count() }).from(memberships).where(eq(memberships.userId, m.membership.userId));
    if (held <= 1) throw conflict("last_membership");
    await tx.delete(memberships).where(eq(memberships.id, id));
    return { result: null, audit: { actorId: actor.userId, action: "membership.delete", targetType: "membership", targetId: id, change: m.membership } };
  });
  forgetActors(); // the user's scope shrank: it must not last on a kept actor
  return { ok: true as const };
}
