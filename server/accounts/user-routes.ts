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
import { IdParam, Ok } from "../contracts/common.ts";
import { CreateMembership, CreateUser, UpdateUser, User, UserPage, UsersQuery } from "./user-contracts.ts";
import { toMembershipView } from "./rules.ts";
import { toIso } from "../clock/time.ts";
import { conflict, forbidden, notFound } from "../http/errors.ts";
import type { App } from "../http/env.ts";
import { afterCursor, decodeCursor, pageFrom } from "../http/pagination.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";

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

const listUsers = apiRoute("users.manage", {
  method: "get",
  path: "/api/v1/users",
  tags: ["users"],
  summary: "Accounts with a membership in the caller's jurisdiction",
  request: { query: UsersQuery },
  responses: { 200: jsonOk(UserPage) },
});
const getUser = apiRoute("users.manage", {
  method: "get",
  path: "/api/v1/users/{id}",
  tags: ["users"],
  request: { params: IdParam },
  responses: { 200: jsonOk(User) },
});
const createUser = apiRoute("users.manage", {
  method: "post",
  path: "/api/v1/users",
  tags: ["users"],
  summary: "Create an account with one membership (principals: parent representatives of their school only)",
  request: { body: jsonBody(CreateUser) },
  responses: { 201: jsonOk(User, "created") },
});
const updateUser = apiRoute("users.manage", {
  method: "patch",
  path: "/api/v1/users/{id}",
  tags: ["users"],
  summary: "Rename, disable/enable or reset the password of an account; disabling ends its sessions",
  request: { params: IdParam, body: jsonBody(UpdateUser) },
  responses: { 200: jsonOk(User) },
});
const addMembership = apiRoute("users.manage", {
  method: "post",
  path: "/api/v1/memberships",
  tags: ["users"],
  request: { body: jsonBody(CreateMembership) },
  responses: { 201: jsonOk(User, "created") },
});
const removeMembership = apiRoute("users.manage", {
  method: "delete",
  path: "/api/v1/memberships/{id}",
  tags: ["users"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Ok) },
});

export function userRoutes(app: App) {
  app.openapi(listUsers, async (c) => {
    const { db } = c.var.deps;
    const { orgId, role, cursor, limit } = c.req.valid("query");
    const rows = await scopedLists(db, c.var.scope)
      .memberships(
        { user: users, name: users.username, id: users.id },
        orgId ? eq(orgs.id, orgId) : undefined,
        role ? eq(memberships.role, role) : undefined,
        afterCursor(users.username, users.id, decodeCursor(cursor)),
      )
      .innerJoin(users, eq(users.id, memberships.userId))
      // one row per account, however many of its memberships are in scope
      .groupBy(users.id)
      .orderBy(asc(users.username), asc(users.id))
      .limit(limit + 1);
    const { page, nextCursor } = pageFrom(rows, limit);
    const ms = await membershipsOf(db, page.map((r) => r.id), c.var.scope);
    const items = page.map(({ user }) => ({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      status: user.status,
      createdAt: toIso(user.createdAt),
      memberships: ms.filter((m) => m.userId === user.id).map(toMembershipView),
    }));
    return c.json({ items, nextCursor }, 200);
  });

  app.openapi(getUser, async (c) => {
    const { db } = c.var.deps;
    const user = await userInScope(db, c.var.scope, c.req.valid("param").id);
    return c.json(await userView(db, c.var.scope, user), 200);
  });

  app.openapi(createUser, async (c) => {
    const { db } = c.var.deps;
    const body = c.req.valid("json");
    const passwordHash = await hashPassword(body.password);
    const user = await writeAudited(c.var.deps, async (tx) => {
      const org = await orgInScope(tx, c.var.scope, body.orgId);
      if (!canGrant(c.var.scope, org, body.role)) throw forbidden("role_not_grantable");
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, body.username));
      if (taken) throw conflict("username_taken");
      const now = nowOf(c.var.deps);
      const row = { id: newId("usr"), username: body.username, displayName: body.displayName, passwordHash, status: "active" as const, createdAt: now };
      await tx.insert(users).values(row);
      const membership = { id: newId("mb"), userId: row.id, orgId: org.id, role: body.role, createdAt: now };
      await tx.insert(memberships).values(membership);
      const { passwordHash: _secret, ...logged } = row;
      return { result: row, audit: { actorId: c.var.actor.userId, action: "user.create", targetType: "user", targetId: row.id, change: { ...logged, membership } } };
    });
    return c.json(await userView(db, c.var.scope, user), 201);
  });

  app.openapi(updateUser, async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid("param");
    const { password, ...rest } = c.req.valid("json");
    const patch = { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) };
    const user = await writeAudited(c.var.deps, async (tx) => {
      await userInScope(tx, c.var.scope, id);
      await assertManages(tx, c.var.scope, id);
      if (id === c.var.actor.userId && rest.status === "disabled") throw conflict("cannot_disable_self");
      const [row] = await tx.update(users).set(patch).where(eq(users.id, id)).returning();
      if (rest.status === "disabled" || password) {
        await tx.update(authSessions).set({ revokedAt: nowOf(c.var.deps) }).where(and(eq(authSessions.userId, id)));
      }
      return { result: row!, audit: { actorId: c.var.actor.userId, action: "user.update", targetType: "user", targetId: id, change: { ...rest, passwordChanged: Boolean(password) } } };
    });
    return c.json(await userView(db, c.var.scope, user), 200);
  });

  app.openapi(addMembership, async (c) => {
    const { db } = c.var.deps;
    const body = c.req.valid("json");
    const user = await writeAudited(c.var.deps, async (tx) => {
      const user = await userInScope(tx, c.var.scope, body.userId);
      const org = await orgInScope(tx, c.var.scope, body.orgId);
      if (!canGrant(c.var.scope, org, body.role)) throw forbidden("role_not_grantable");
      const [exists] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.userId, user.id), eq(memberships.orgId, org.id), eq(memberships.role, body.role)));
      if (exists) throw conflict("membership_exists");
      const row = { id: newId("mb"), userId: user.id, orgId: org.id, role: body.role, createdAt: nowOf(c.var.deps) };
      await tx.insert(memberships).values(row);
      return { result: user, audit: { actorId: c.var.actor.userId, action: "membership.create", targetType: "membership", targetId: row.id, change: row } };
    });
    return c.json(await userView(db, c.var.scope, user), 201);
  });

  app.openapi(removeMembership, async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid("param");
    await writeAudited(c.var.deps, async (tx) => {
      const [m] = await scopedLists(tx, c.var.scope).memberships({ membership: memberships, org: orgs }, eq(memberships.id, id));
      if (!m) throw notFound();
      if (!canGrant(c.var.scope, m.org, m.membership.role)) throw forbidden("role_not_grantable");
      // nobody locks themselves out of administration, and no account is left without any role
      if (m.membership.userId === c.var.actor.userId && m.membership.role === "regulator_admin") throw conflict("cannot_remove_own_admin");
      const [{ held }] = await tx.select({ held: count() }).from(memberships).where(eq(memberships.userId, m.membership.userId));
      if (held <= 1) throw conflict("last_membership");
      await tx.delete(memberships).where(eq(memberships.id, id));
      return { result: null, audit: { actorId: c.var.actor.userId, action: "membership.delete", targetType: "membership", targetId: id, change: m.membership } };
    });
    return c.json({ ok: true as const }, 200);
  });
}

