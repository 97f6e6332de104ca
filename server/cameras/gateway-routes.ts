import { nowOf, systemNow } from "../clock/clock.ts";
import { asc, eq } from "drizzle-orm";
import { canteenRoom } from "../bus/rooms.ts";
import { gateways } from "../../db/schema/index.ts";
import { mintGateway } from "./views.ts";
import { writeAudited } from "../audit/service.ts";
import { canteenInScope, gatewayInScope } from "../scope/loaders.ts";
import { newId, newSecret, sha256Hex } from "../auth/tokens.ts";
import { CreatedGateway, CreateGateway, Gateway, GatewayList, GatewaysQuery } from "../canteens/contracts.ts";
import { IdParam } from "../contracts/common.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import type { App } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";

const toGateway = (g: typeof gateways.$inferSelect) => ({
  id: g.id,
  canteenId: g.canteenId,
  name: g.name,
  tokenHint: g.tokenHint,
  revokedAt: toIsoOrNull(g.revokedAt),
  lastSeenAt: toIsoOrNull(g.lastSeenAt),
  createdAt: toIso(g.createdAt),
});

const listGateways = apiRoute("gateways.manage", {
  method: "get",
  path: "/api/v1/gateways",
  tags: ["gateways"],
  request: { query: GatewaysQuery },
  responses: { 200: jsonOk(GatewayList) },
});
const createGateway = apiRoute("gateways.manage", {
  method: "post",
  path: "/api/v1/gateways",
  tags: ["gateways"],
  summary: "Register an edge gateway; the device token is in this response only",
  request: { body: jsonBody(CreateGateway) },
  responses: { 201: jsonOk(CreatedGateway, "created") },
});
const revokeGateway = apiRoute("gateways.manage", {
  method: "post",
  path: "/api/v1/gateways/{id}/revoke",
  tags: ["gateways"],
  summary: "Revoke the gateway's device token (idempotent)",
  request: { params: IdParam },
  responses: { 200: jsonOk(Gateway) },
});


export function gatewayRoutes(app: App) {
  app.openapi(listGateways, async (c) => {
    const { db } = c.var.deps;
    const { canteenId } = c.req.valid("query");
    await canteenInScope(db, c.var.scope, canteenId);
    const rows = await db.select().from(gateways).where(eq(gateways.canteenId, canteenId)).orderBy(asc(gateways.createdAt));
    return c.json({ items: rows.map(toGateway) }, 200);
  });

  app.openapi(createGateway, async (c) => {
    const { db } = c.var.deps;
    const body = c.req.valid("json");
    const created = await writeAudited(c.var.deps, async (tx) => {
      await canteenInScope(tx, c.var.scope, body.canteenId);
      const { row, deviceToken } = mintGateway(body.canteenId, body.name, nowOf(c.var.deps));
      await tx.insert(gateways).values(row);
      const { tokenHash: _secret, ...logged } = row;
      return { result: { row, deviceToken }, audit: { actorId: c.var.actor.userId, action: "gateway.create", targetType: "gateway", targetId: row.id, change: logged } };
    });
    return c.json({ gateway: toGateway(created.row), deviceToken: created.deviceToken }, 201);
  });

  app.openapi(revokeGateway, async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid("param");
    const gateway = await writeAudited(c.var.deps, async (tx) => {
      const { gateway } = await gatewayInScope(tx, c.var.scope, id);
      if (gateway.revokedAt) return { result: gateway, audit: { actorId: c.var.actor.userId, action: "gateway.revoke", targetType: "gateway", targetId: id, change: { alreadyRevoked: true } } };
      const [row] = await tx.update(gateways).set({ revokedAt: nowOf(c.var.deps) }).where(eq(gateways.id, id)).returning();
      return { result: row!, audit: { actorId: c.var.actor.userId, action: "gateway.revoke", targetType: "gateway", targetId: id, change: { revokedAt: row!.revokedAt } } };
    });
    // the gateway would notice at its next API call; removing it from the room stops its video now
    try {
      await c.var.deps.livekit?.remove(canteenRoom(gateway.canteenId), gateway.id);
    } catch (err) {
      console.warn(`[api] could not remove gateway ${gateway.id} from its room:`, (err as Error).message);
    }
    return c.json(toGateway(gateway), 200);
  });
}
