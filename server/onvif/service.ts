import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { onvifRequests } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { announcement, publish } from "../bus/publish.ts";
import { canteenRoom } from "../bus/rooms.ts";
import { HEARTBEAT_SECONDS } from "../cameras/device-service.ts";
import { createCamera } from "../cameras/service.ts";
import { CreateCamera } from "../canteens/contracts.ts";
import { managesOrg } from "../canteens/service.ts";
import { type AppDeps, type Caller, nowOf } from "../http/env.ts";
import { ApiError, conflict, forbidden, invalid, notFound, zodDetails } from "../http/errors.ts";
import { gatewayInScope } from "../scope/loaders.ts";
import { DeviceProfiles, type OnvifAddBody, type OnvifMessage, type OnvifProfilesBody, type OnvifResult, ONVIF_TOPIC } from "./contracts.ts";
import { onvifSourceOf, requestView, withoutUserinfo } from "./rules.ts";

type Row = typeof onvifRequests.$inferSelect;

/** A gateway of a canteen the caller manages (404 outside the caller's scope, 403 for a reader), online now (503). */
async function managedGateway({ deps, scope, actor }: Caller, gatewayId: string) {
  const { gateway, org } = await gatewayInScope(deps.db, scope, gatewayId);
  if (!managesOrg(actor, org)) throw forbidden();
  if (!deps.config.livekit) throw new ApiError("service_unavailable", "livekit_unavailable");
  const now = nowOf(deps);
  if (gateway.revokedAt != null || gateway.lastSeenAt == null || now - gateway.lastSeenAt > 3 * HEARTBEAT_SECONDS * 1000) throw new ApiError("service_unavailable", "gateway_offline_discovery");
  return gateway;
}

/** Writes the pending request (audited) and sends its message to that gateway alone (destination identity). */
async function ask(caller: Caller, gateway: { id: string; canteenId: string }, kind: Row["kind"], xaddr: string | null, message: (id: string) => OnvifMessage, change: Record<string, unknown>) {
  const { deps, actor } = caller;
  const now = nowOf(deps);
  const row: Row = { id: newId("onv"), canteenId: gateway.canteenId, gatewayId: gateway.id, kind, xaddr, requestedBy: actor.userId, requestedAt: now, status: "pending", result: null, errorCode: null, error: null, finishedAt: null };
  await writeAudited(deps, async (tx) => {
    await tx.insert(onvifRequests).values(row);
    return { result: null, audit: { actorId: actor.userId, action: `onvif.${kind}`, targetType: "gateway", targetId: gateway.id, change: { requestId: row.id, ...change } } };
  });
  publish(deps, announcement(canteenRoom(gateway.canteenId), ONVIF_TOPIC, message(row.id), [gateway.id]));
  return requestView(row, now);
}

/** 发现摄像头: the gateway probes its LAN (WS-Discovery); the page polls the request for what answered. */
export async function startDiscovery(caller: Caller, gatewayId: string) {
  const gateway = await managedGateway(caller, gatewayId);
  return ask(caller, gateway, "discover", null, (id) => ({ type: "onvif.discover", id }), {});
}

/** One device's profiles and stream URIs, read by the gateway with the typed credentials (audited without the password). */
export async function readProfiles(caller: Caller, gatewayId: string, body: z.infer<typeof OnvifProfilesBody>) {
  const gateway = await managedGateway(caller, gatewayId);
  return ask(caller, gateway, "profiles", body.xaddr, (id) => ({ type: "onvif.profiles", id, xaddr: body.xaddr, username: body.username, password: body.password }), { xaddr: body.xaddr, username: body.username });
}

async function requestInScope(caller: Caller, id: string) {
  const [row] = await caller.deps.db.select().from(onvifRequests).where(eq(onvifRequests.id, id));
  if (!row) throw notFound();
  const { org } = await gatewayInScope(caller.deps.db, caller.scope, row.gatewayId);
  if (!managesOrg(caller.actor, org)) throw forbidden();
  return row;
}

export async function getRequest(caller: Caller, id: string) {
  return requestView(await requestInScope(caller, id), nowOf(caller.deps));
}

/**
 * Adds the chosen profile of a device whose profiles were read as a camera of the canteen, through the one camera-create
 * service (audited `camera.create` with the password masked; the API shows it masked from then on). PTZ follows the profile.
 */
export async function addCamera(caller: Caller, body: z.infer<typeof OnvifAddBody>) {
  const row = await requestInScope(caller, body.requestId);
  const view = requestView(row, nowOf(caller.deps));
  if (view.kind !== "profiles" || view.status !== "done" || !view.device || !view.xaddr) throw conflict("onvif_profiles_not_read", [{ path: "requestId", message: "read the device's profiles first" }]);
  const profile = view.device.profiles.find((p) => p.token === body.profile);
  if (!profile) throw conflict("onvif_profile_unknown", [{ path: "profile", message: `the device has no profile "${body.profile}"` }]);
  const json = CreateCamera.safeParse({ areaId: body.areaId, gatewayId: row.gatewayId, name: body.name, source: onvifSourceOf(view.xaddr, body.username, body.password, profile.token), ptz: profile.ptz });
  if (!json.success) throw invalid("validation_failed", zodDetails(json.error).map((d) => ({ ...d, message: d.message.slice(0, 200) })));
  return createCamera(caller, { json: json.data });
}

/** The gateway's answer to one of its requests: kept for the page (stream URIs without credentials); 409 once answered. */
export async function gatewayResult(deps: AppDeps, gw: { id: string }, r: OnvifResult) {
  const [row] = await deps.db.select().from(onvifRequests).where(eq(onvifRequests.id, r.requestId));
  if (!row || row.gatewayId !== gw.id) throw notFound();
  if (row.status !== "pending") throw conflict("onvif_request_answered");
  const now = nowOf(deps);
  let set: Partial<Row>;
  if (!r.ok) set = { status: "failed", errorCode: r.failure, error: r.error, finishedAt: now };
  else if (row.kind === "discover") {
    if (!r.devices) throw invalid("validation_failed", [{ path: "devices", message: "a discovery's answer lists the devices found" }]);
    set = { status: "done", result: JSON.stringify(r.devices), finishedAt: now };
  } else {
    if (!r.device) throw invalid("validation_failed", [{ path: "device", message: "a profiles answer names the device and its profiles" }]);
    const device = DeviceProfiles.parse({ ...r.device, profiles: r.device.profiles.map((p) => ({ ...p, streamUri: withoutUserinfo(p.streamUri) })) });
    set = { status: "done", result: JSON.stringify(device), finishedAt: now };
  }
  await deps.db.update(onvifRequests).set(set).where(and(eq(onvifRequests.id, row.id), eq(onvifRequests.status, "pending")));
  return { ok: true as const };
}
