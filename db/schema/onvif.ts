import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { gateways } from "./cameras.ts";

export const ONVIF_REQUEST_KINDS = ["discover", "profiles"] as const;
export const ONVIF_REQUEST_STATUSES = ["pending", "done", "failed"] as const;

/**
 * What the canteen page asked a gateway to find out about ONVIF cameras on its LAN (issue 17): a WS-Discovery probe,
 * or one device's profiles. The gateway's answer is kept so that any API instance can show it to the page that polls.
 * Never the credentials used for `profiles`: they go to the gateway for that request only.
 */
export const onvifRequests = sqliteTable(
  "onvif_requests",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull(),
    gatewayId: text("gateway_id")
      .notNull()
      .references(() => gateways.id),
    kind: text("kind", { enum: ONVIF_REQUEST_KINDS }).notNull(),
    /** the device service asked for its profiles (null for a probe) */
    xaddr: text("xaddr"),
    requestedBy: text("requested_by").notNull(),
    requestedAt: integer("requested_at").notNull(),
    status: text("status", { enum: ONVIF_REQUEST_STATUSES }).notNull(),
    /** JSON: the devices found, or the device and its profiles (stream URIs without credentials) */
    result: text("result"),
    errorCode: text("error_code"),
    error: text("error"),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("onvif_requests_gateway_idx").on(t.gatewayId, t.requestedAt)],
);
