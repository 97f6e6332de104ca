/**
 * The client's API modules, one per server domain: `client/api/<domain>.ts` (accounts, orgs, canteens, cameras,
 * live, inspections, snapshots, orders, alerts). Each exports named calls (`listOrders(query)`,
 * `acknowledgeOrder(id)`) whose parameters and answers are the server's zod contracts, imported type-only so no
 * server code reaches the bundle (a caller that must check an answer at runtime parses it with the contract
 * itself: the annotation layer does). Components call these and never the transport: the calls of
 * `client/api.ts` (request, upload) are used only in this folder — tests/unit/architecture.test.ts checks it.
 *
 * This file holds the type helpers every module uses to read a contract.
 */
import type { z } from "zod";

/** What the server answers: the contract's output. */
export type Answer<S extends z.ZodType> = z.output<S>;

/** What the client sends as a JSON body: the contract's input (before trims and defaults). */
export type Body<S extends z.ZodType> = z.input<S>;

/** One query value as the client sends it: "" and undefined are left out of the URL; coerced numbers go as numbers. */
type QueryValue<V> = unknown extends V ? number : V | "";

/** A query string as the client sends it: the contract's keys, every one optional. */
export type QueryOf<S extends z.ZodType> = { [K in keyof z.input<S>]?: QueryValue<z.input<S>[K]> };

/** Ids go into paths escaped. */
export const seg = (id: string) => encodeURIComponent(id);
