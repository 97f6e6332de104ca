import { WebhookReceiver } from "livekit-server-sdk";
import { Ok } from "../contracts/common.ts";
import { LiveToken, LiveTokenRequest } from "./contracts.ts";
import * as service from "./service.ts";
import { ApiError } from "../http/errors.ts";
import { type App, callerOf } from "../http/env.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";

const token = apiRoute("live.join", {
  method: "post",
  path: "/api/v1/live/token",
  tags: ["live"],
  summary: "A LiveKit token (≤ 10 min) for a canteen's room, with exactly the grants of the caller's role, and the inspection in progress",
  request: { body: jsonBody(LiveTokenRequest) },
  responses: { 200: jsonOk(LiveToken) },
});

const webhook = apiRoute("signed", {
  method: "post",
  path: "/api/v1/livekit/webhook",
  tags: ["live"],
  summary: "LiveKit webhooks (signed with the API key); participant joins and leaves of inspection sessions",
  responses: { 200: jsonOk(Ok) },
});

export function liveRoutes(app: App) {
  app.openapi(token, async (c) => c.json(await service.token(callerOf(c), { json: c.req.valid("json") }), 200));

  app.openapi(webhook, async (c) => {
    const livekit = service.livekitOf(c.var.deps);
    const receiver = new WebhookReceiver(livekit.apiKey, livekit.apiSecret);
    let event: Awaited<ReturnType<WebhookReceiver["receive"]>>;
    try {
      event = await receiver.receive(await c.req.text(), c.req.header("authorization"));
    } catch {
      throw new ApiError("unauthorized", "webhook_signature_invalid");
    }
    await service.recordWebhook(c.var.deps, event);
    return c.json({ ok: true as const }, 200);
  });
}
