import { nowOf } from "../clock/clock.ts";
import { z } from "@hono/zod-openapi";
import { canteenRoom } from "../bus/rooms.ts";
import { and, asc, eq, gt, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { canteens, evidence, inspections, legalBases, orderEvents, orderItems, orderItemSnapshots, orders, orderSequences, orgs, regions, snapshots } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { orderInScope } from "../scope/loaders.ts";
import { membershipCovers, type Actor, type ActorMembership, type Scope } from "../scope/actor.ts";
import { scopedLists, SYSTEM } from "../scope/lists.ts";
import { newId } from "../auth/tokens.ts";
import { IdParam } from "../contracts/common.ts";
import { AcknowledgeOrder, CreateOrder, LegalBasisList, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_PHOTOS, Order, ORDER_TOPIC, OrderPage, OrdersQuery, ReturnOrder, ReviewNote, SubmitOrderFields, type OrderMessage } from "./contracts.ts";
import { chinaYear, defaultDeadline, documentSha256, nextStatus, orderNumber, orderNumberPrefix, TRANSITIONS, type OrderAction } from "./rules.ts";
import { announcement, publishLater } from "../bus/publish.ts";
import { conflict, invalid, notFound } from "../http/errors.ts";
import type { App, AppDeps } from "../http/env.ts";
import { mediaStoreOf, type StoredMedia } from "../media-store/store.ts";
import { attentionRank, eventRef, orderDetail, selectSummaries, summaryById, summaryOf } from "./view.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { imageParts } from "../http/uploads.ts";
import { check, runTransition } from "../lifecycle/engine.ts";
import { announceOrder, orderWorkflow } from "./workflow.ts";
import { imageResponse } from "../http/images.ts";

/** The regulator in whose name an order is issued: the caller's most local regulator membership covering the school. */
const LEVEL_RANK = { district: 0, city: 1, province: 2 } as const;
function issuingMembership(memberships: ActorMembership[], school: { id: string; regionCode: string }): ActorMembership | null {
  const covering = memberships.filter((m) => m.orgKind === "regulator" && membershipCovers(m, school));
  return covering.sort((a, b) => LEVEL_RANK[a.regionLevel] - LEVEL_RANK[b.regionLevel])[0] ?? null;
}

/** Region names from the city down (only the province's for a provincial regulator): the 文号 prefix. */
async function regionNamesOf(db: DbOrTx, code: string): Promise<string[]> {
  const names: string[] = [];
  let next: string | null = code;
  while (next) {
    const [r] = await db.select().from(regions).where(eq(regions.code, next));
    if (!r) break;
    names.unshift(r.name);
    if (r.level !== "district") break;
    next = r.parentCode;
  }
  return names;
}

/** The next number of this regulator's yearly sequence; one statement, inside the issuing transaction. */
async function nextSequence(tx: DbOrTx, regulatorOrgId: string, year: number): Promise<number> {
  const [row] = await tx
    .insert(orderSequences)
    .values({ regulatorOrgId, year, last: 1 })
    .onConflictDoUpdate({ target: [orderSequences.regulatorOrgId, orderSequences.year], set: { last: sql`${orderSequences.last} + 1` } })
    .returning({ last: orderSequences.last });
  return row!.last;
}

const optionalJson = <T>(schema: T) => ({ content: { "application/json": { schema } }, required: false });

const legalBasisList = apiRoute("orders.read", {
  method: "get",
  path: "/api/v1/legal-bases",
  tags: ["orders"],
  summary: "The catalogue of articles an order item may cite",
  responses: { 200: jsonOk(LegalBasisList) },
});
const create = apiRoute("orders.issue", {
  method: "post",
  path: "/api/v1/orders",
  tags: ["orders"],
  summary: "Issue a rectification order (整改通知书) from an inspection; numbered, signed, announced in the canteen's room",
  request: { body: jsonBody(CreateOrder) },
  responses: { 201: jsonOk(Order, "issued") },
});
const list = apiRoute("orders.read", {
  method: "get",
  path: "/api/v1/orders",
  tags: ["orders"],
  summary: "Orders in scope: overdue ones still awaiting the school first, then by deadline",
  request: { query: OrdersQuery },
  responses: { 200: jsonOk(OrderPage) },
});
const get = apiRoute("orders.read", {
  method: "get",
  path: "/api/v1/orders/{id}",
  tags: ["orders"],
  request: { params: IdParam },
  responses: { 200: jsonOk(Order) },
});
const evidenceImage = apiRoute("orders.read", {
  method: "get",
  path: "/api/v1/evidence/{id}/image",
  tags: ["orders"],
  request: { params: IdParam },
  responses: { 200: { description: "the photo bytes", content: { "image/jpeg": { schema: { type: "string", format: "binary" } }, "image/png": { schema: { type: "string", format: "binary" } } } } },
});

const SubmitForm = SubmitOrderFields.extend({ photos: z.any().openapi({ type: "array", items: { type: "string", format: "binary" } }) });

const acknowledge = apiRoute(TRANSITIONS.acknowledge.permission, {
  method: "post",
  path: "/api/v1/orders/{id}/acknowledge",
  tags: ["orders"],
  summary: "签收: the school acknowledges the order (issued → acknowledged)",
  request: { params: IdParam, body: optionalJson(AcknowledgeOrder) },
  responses: { 200: jsonOk(Order) },
});
const submit = apiRoute(TRANSITIONS.submit.permission, {
  method: "post",
  path: "/api/v1/orders/{id}/submit",
  tags: ["orders"],
  summary: "The school submits rectification photos (multipart `photos`, 1..6 JPEG/PNG) and a `description` (acknowledged → submitted)",
  request: { params: IdParam, body: { content: { "multipart/form-data": { schema: SubmitForm } }, required: true } },
  responses: { 200: jsonOk(Order) },
});
const returnOrder = apiRoute(TRANSITIONS.return.permission, {
  method: "post",
  path: "/api/v1/orders/{id}/return",
  tags: ["orders"],
  summary: "The regulator returns the submission with a reason (submitted → acknowledged)",
  request: { params: IdParam, body: jsonBody(ReturnOrder) },
  responses: { 200: jsonOk(Order) },
});
const accept = apiRoute(TRANSITIONS.accept.permission, {
  method: "post",
  path: "/api/v1/orders/{id}/accept",
  tags: ["orders"],
  summary: "The regulator accepts the rectification (submitted → accepted)",
  request: { params: IdParam, body: optionalJson(ReviewNote) },
  responses: { 200: jsonOk(Order) },
});
const close = apiRoute(TRANSITIONS.close.permission, {
  method: "post",
  path: "/api/v1/orders/{id}/close",
  tags: ["orders"],
  summary: "The regulator closes the order (accepted → closed)",
  request: { params: IdParam, body: optionalJson(ReviewNote) },
  responses: { 200: jsonOk(Order) },
});

/** One step of the lifecycle on the engine, answered with the whole order. */
async function transition(deps: AppDeps, scope: Scope, actor: Actor, id: string, action: OrderAction, note: string | null, photos: StoredMedia[] = []): Promise<Order> {
  await runTransition(deps, orderWorkflow, { scope, actor }, id, action, { note, photos });
  return orderDetail(deps.db, (await summaryById(deps.db, id, SYSTEM))!);
}

export function orderRoutes(app: App) {
  app.openapi(legalBasisList, async (c) => {
    const rows = await c.var.deps.db.select().from(legalBases).orderBy(asc(legalBases.sort));
    return c.json({ items: rows.map(({ sort: _sort, ...b }) => b) }, 200);
  });

  app.openapi(create, async (c) => {
    const deps = c.var.deps;
    const body = c.req.valid("json");
    const actor = c.var.actor;
    const now = nowOf(c.var.deps);
    const { orderId, eventId } = await writeAudited(deps, async (tx) => {
      const [found] = await scopedLists(tx, c.var.scope).inspections({ inspection: inspections, school: orgs }, eq(inspections.id, body.inspectionId));
      if (!found) throw notFound();
      const { inspection, school } = found;
      const issuer = issuingMembership(c.var.scope.memberships, school);
      if (!issuer) throw invalid("no_issuing_regulator");

      const basisIds = [...new Set(body.items.map((i) => i.legalBasisId))];
      const bases = await tx.select({ id: legalBases.id, code: legalBases.code }).from(legalBases).where(inArray(legalBases.id, basisIds));
      body.items.forEach((item, n) => {
        if (!bases.some((b) => b.id === item.legalBasisId)) throw invalid("legal_basis_unknown", [{ path: `items.${n}.legalBasisId`, message: "not in the catalogue" }]);
      });
      const snapshotIds = [...new Set(body.items.flatMap((i) => i.snapshotIds))];
      const shots = await tx
        .select({ id: snapshots.id, sha256: snapshots.sha256 })
        .from(snapshots)
        .where(and(inArray(snapshots.id, snapshotIds), eq(snapshots.canteenId, inspection.canteenId)));
      body.items.forEach((item, n) =>
        item.snapshotIds.forEach((id, k) => {
          if (!shots.some((s) => s.id === id)) throw invalid("snapshot_not_in_canteen", [{ path: `items.${n}.snapshotIds.${k}`, message: "not a snapshot of this canteen" }]);
        }),
      );

      const items = body.items.map((item, n) => ({
        id: newId("oit"),
        seq: n + 1,
        problem: item.problem,
        severity: item.severity,
        legalBasisId: item.legalBasisId,
        legalBasisCode: bases.find((b) => b.id === item.legalBasisId)!.code,
        deadline: item.deadline ? Date.parse(item.deadline) : defaultDeadline(item.severity, now),
        snapshots: [...new Set(item.snapshotIds)].map((id) => shots.find((s) => s.id === id)!),
      }));
      const deadline = body.deadline ? Date.parse(body.deadline) : Math.min(...items.map((i) => i.deadline));
      if (deadline <= now) throw invalid("deadline_past", [{ path: "deadline", message: "must be in the future" }]);
      items.forEach((i, n) => {
        if (i.deadline <= now) throw invalid("deadline_past", [{ path: `items.${n}.deadline`, message: "must be in the future" }]);
      });

      const year = chinaYear(now);
      const seq = await nextSequence(tx, issuer.orgId, year);
      const order = {
        id: newId("ord"),
        number: orderNumber(orderNumberPrefix(await regionNamesOf(tx, issuer.regionCode)), year, seq),
        canteenId: inspection.canteenId,
        inspectionId: inspection.id,
        issuerOrgId: issuer.orgId,
        issuedBy: actor.userId,
        issuedAt: now,
        deadline,
        remarks: body.remarks || null,
      };
      const sha256 = documentSha256({ order, items });
      await tx.insert(orders).values({ ...order, status: "issued", documentSha256: sha256, updatedAt: now });
      await tx.insert(orderItems).values(items.map((i) => ({ id: i.id, orderId: order.id, seq: i.seq, problem: i.problem, severity: i.severity, legalBasisId: i.legalBasisId, deadline: i.deadline })));
      await tx.insert(orderItemSnapshots).values(items.flatMap((i) => i.snapshots.map((s) => ({ itemId: i.id, snapshotId: s.id }))));
      const event = { id: newId("oev"), orderId: order.id, type: "issued" as const, fromStatus: null, toStatus: "issued" as const, actorId: actor.userId, at: now };
      await tx.insert(orderEvents).values(event);
      return {
        result: { orderId: order.id, eventId: event.id },
        audit: { actorId: actor.userId, action: "order.issue", targetType: "order", targetId: order.id, change: { ...order, documentSha256: sha256, items } },
      };
    });
    announceOrder(deps, "order.issued", orderId, eventId);
    const row = await summaryById(deps.db, orderId, SYSTEM);
    return c.json(await orderDetail(deps.db, row!), 201);
  });

  app.openapi(list, async (c) => {
    const { db } = c.var.deps;
    const q = c.req.valid("query");
    const after = q.cursor ? q.cursor.split(".") : null;
    const rows = await selectSummaries(
      db,
      c.var.scope,
          q.status ? eq(orders.status, q.status) : undefined,
          q.canteenId ? eq(orders.canteenId, q.canteenId) : undefined,
          q.inspectionId ? eq(orders.inspectionId, q.inspectionId) : undefined,
          q.overdue ? eq(orders.overdue, q.overdue === "true") : undefined,
          after
            ? or(
                gt(attentionRank, Number(after[0])),
                and(eq(attentionRank, Number(after[0])), gt(orders.deadline, Number(after[1]))),
                and(eq(attentionRank, Number(after[0])), eq(orders.deadline, Number(after[1])), gt(orders.id, after[2] ?? "")),
              )
            : undefined,
    )
      .orderBy(asc(attentionRank), asc(orders.deadline), asc(orders.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return c.json({ items: page.map(summaryOf), nextCursor: rows.length > q.limit && last ? `${last.rank}.${last.order.deadline}.${last.order.id}` : null }, 200);
  });

  app.openapi(get, async (c) => {
    const { db } = c.var.deps;
    const row = await summaryById(db, c.req.valid("param").id, c.var.scope);
    if (!row) throw notFound();
    return c.json(await orderDetail(db, row), 200);
  });

  app.openapi(evidenceImage, async (c) => {
    const deps = c.var.deps;
    const [row] = await scopedLists(deps.db, c.var.scope).evidence({ photo: evidence }, eq(evidence.id, c.req.valid("param").id));
    if (!row) throw notFound();
    const bytes = await mediaStoreOf(deps).get(row.photo.mediaKey);
    if (!bytes) throw notFound();
    return imageResponse(bytes, row.photo.contentType, row.photo.sha256);
  });

  app.openapi(acknowledge, async (c) => c.json(await transition(c.var.deps, c.var.scope, c.var.actor, c.req.valid("param").id, "acknowledge", null), 200));
  app.openapi(submit, async (c) => {
    const form = c.req.valid("form");
    const files = await imageParts(form.photos, "photos", { min: 1, max: MAX_EVIDENCE_PHOTOS, maxBytes: MAX_EVIDENCE_BYTES });
    // refuse before storing anything when the order cannot take a submission now
    const found = await orderInScope(c.var.deps.db, c.var.scope, c.req.valid("param").id);
    check(orderWorkflow, found, "submit");
    const { order } = found;
    const store = mediaStoreOf(c.var.deps);
    const stored: StoredMedia[] = [];
    for (const f of files) stored.push(await store.put(f.bytes, f.contentType, "evidence"));
    return c.json(await transition(c.var.deps, c.var.scope, c.var.actor, order.id, "submit", form.description, stored), 200);
  });
  app.openapi(returnOrder, async (c) => c.json(await transition(c.var.deps, c.var.scope, c.var.actor, c.req.valid("param").id, "return", c.req.valid("json").reason), 200));
  app.openapi(accept, async (c) => c.json(await transition(c.var.deps, c.var.scope, c.var.actor, c.req.valid("param").id, "accept", c.req.valid("json").note ?? null), 200));
  app.openapi(close, async (c) => c.json(await transition(c.var.deps, c.var.scope, c.var.actor, c.req.valid("param").id, "close", c.req.valid("json").note ?? null), 200));
}
