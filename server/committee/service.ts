import { and, asc, eq, isNull } from "drizzle-orm";
import { committeeMembers, memberships, users } from "../../db/schema/index.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { toIso } from "../clock/time.ts";
import { COMMITTEE_MIN_MEMBERS } from "../contracts/enums.ts";
import { nowOf, type Caller } from "../http/env.ts";
import { conflict, notFound } from "../http/errors.ts";
import { orgInScope } from "../scope/loaders.ts";
import type { Committee } from "./contracts.ts";

/** The school's parent representatives (accounts it made, users.manage), and which of them sit on the committee. */
export async function getCommittee({ deps, scope }: Caller, orgId: string): Promise<Committee> {
  const org = await orgInScope(deps.db, scope, orgId);
  const rows = await deps.db
    .select({ member: committeeMembers, displayName: users.displayName, username: users.username })
    .from(committeeMembers)
    .innerJoin(users, eq(users.id, committeeMembers.userId))
    .where(and(eq(committeeMembers.orgId, org.id), isNull(committeeMembers.endedAt)))
    .orderBy(asc(committeeMembers.grade), asc(users.displayName));
  const parents = await deps.db
    .select({ userId: users.id, displayName: users.displayName, username: users.username })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, org.id), eq(memberships.role, "parent_rep")))
    .orderBy(asc(users.displayName));
  const seated = new Set(rows.map((r) => r.member.userId));
  const count = rows.length;
  return {
    orgId: org.id,
    orgName: org.name,
    members: rows.map((r) => ({ id: r.member.id, userId: r.member.userId, displayName: r.displayName, username: r.username, grade: r.member.grade, term: r.member.term, since: toIso(r.member.createdAt) })),
    count,
    required: COMMITTEE_MIN_MEMBERS,
    meetsRule: count >= COMMITTEE_MIN_MEMBERS,
    grades: [...new Set(rows.map((r) => r.member.grade))].sort(),
    candidates: parents.filter((p) => !seated.has(p.userId)),
  };
}

export async function addMember({ deps, scope, actor }: Caller, input: { orgId: string; userId: string; grade: string; term: string }) {
  const org = await orgInScope(deps.db, scope, input.orgId);
  const now = nowOf(deps);
  return deps.db.transaction(async (tx) => {
    const [parent] = await tx
      .select({ displayName: users.displayName, username: users.username })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.userId, input.userId), eq(memberships.orgId, org.id), eq(memberships.role, "parent_rep")));
    if (!parent) throw conflict("not_a_parent");
    const [seated] = await tx.select({ id: committeeMembers.id }).from(committeeMembers).where(and(eq(committeeMembers.orgId, org.id), eq(committeeMembers.userId, input.userId), isNull(committeeMembers.endedAt)));
    if (seated) throw conflict("already_member");
    const row = { id: newId("cmm"), orgId: org.id, userId: input.userId, grade: input.grade, term: input.term, createdAt: now };
    await tx.insert(committeeMembers).values(row);
    await appendAudit(tx, { actorId: actor.userId, action: "committee.add", targetType: "committee_member", targetId: row.id, change: row }, now);
    return { id: row.id, userId: row.userId, displayName: parent.displayName, username: parent.username, grade: row.grade, term: row.term, since: toIso(now) };
  });
}

export async function endMember({ deps, scope, actor }: Caller, id: string) {
  const now = nowOf(deps);
  const [row] = await deps.db.select().from(committeeMembers).where(and(eq(committeeMembers.id, id), isNull(committeeMembers.endedAt)));
  if (!row) throw notFound();
  await orgInScope(deps.db, scope, row.orgId);
  await deps.db.transaction(async (tx) => {
    await tx.update(committeeMembers).set({ endedAt: now }).where(eq(committeeMembers.id, id));
    await appendAudit(tx, { actorId: actor.userId, action: "committee.end", targetType: "committee_member", targetId: id, change: { endedAt: now } }, now);
  });
  return { ok: true as const };
}
