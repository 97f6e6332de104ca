import { nowOf } from "../clock/clock.ts";
import { asc, eq } from "drizzle-orm";
import { canteenRoom } from "../bus/rooms.ts";
import { gateways } from "../../db/schema/index.ts";
import { mintGateway } from "./views.ts";
import { writeAudited } from "../audit/service.ts";
import { canteenInScope, gatewayInScope } from "../scope/loaders.ts";
import { CreateGateway, GatewaysQuery } from "../canteens/contracts.ts";
import { IdParam } from "../contracts/common.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import type { z } from "zod";
import type { Caller } from "../http/env.ts";

/** Edge gateways of a canteen: registration with a one-time device token, revocation. */
const toGateway = (g: typeof gateways.$inferSelect) => ({
  id: g.id,
  canteenId: g.canteenId,
  name: g.name,
  tokenHint: g.tokenHint,
  revokedAt: toIsoOrNull(g.revokedAt),
  lastSeenAt: toIsoOrNull(g.lastSeenAt),
  createdAt: toIso(g.createdAt),
});


export async function listGateways({ deps, scope }: Caller, input: { query: z.infer<typeof GatewaysQuery> }) {
  const { db } = deps;
  const { canteenId } = input.query;
  await canteenInScope(db, scope, canteenId);
  const rows = await db.select().from(gateways).where(eq(gateways.canteenId, canteenId)).orderBy(asc(gateways.createdAt));
  return { items: rows.map(toGateway) };
}

export async function createGateway({ deps, scope, actor }: Caller, input: { json: z.infer<typeof CreateGateway> }) {
  const { db } = deps;
  const body = input.json;
  const created = await writeAudited(deps, async (tx) => {
    await canteenInScope(tx, scope, body.canteenId);
    const { row, deviceToken } = mintGateway(body.canteenId, body.name, nowOf(deps));
    await tx.insert(gateways).values(row);
    const { tokenHash: _secret, ...logged } = row;
    return { result: { row, deviceToken }, audit: { actorId: actor.userId, action: "gateway.create", targetType: "gateway", targetId: row.id, change: logged } };
  });
  return { gateway: toGateway(created.row), deviceToken: created.deviceToken };
}

export async function revokeGateway({ deps, scope, actor }: Caller, input: { param: z.infer<typeof IdParam> }) {
  const { db } = deps;
  const { id } = input.param;
  const gateway = await writeAudited(deps, async (tx) => {
    const { gateway } = await gatewayInScope(tx, scope, id);
    if (gateway.revokedAt) return { result: gateway, audit: { actorId: actor.userId, action: "gateway.revoke", targetType: "gateway", targetId: id, change: { alreadyRevoked: true } } };
    const [row] = await tx.update(gateways).set({ revokedAt: nowOf(deps) }).where(eq(gateways.id, id)).returning();
    return { result: row!, audit: { actorId: actor.userId, action: "gateway.revoke", targetType: "gateway", targetId: id, change: { revokedAt: row!.revokedAt } } };
  });
  // the gateway would notice at its next API call; removing it from the room stops its video now
  try {
    await deps.livekit?.remove(canteenRoom(gateway.canteenId), gateway.id);
  } catch (err) {
    console.warn(`[api] could not remove gateway ${gateway.id} from its room:`, (err as Error).message);
  }
  return toGateway(gateway);
}
