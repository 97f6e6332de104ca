import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { cameras, gateways, zooms } from "../../db/schema/index.ts";
import { writeAudited } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { announcement, publish } from "../bus/publish.ts";
import { canteenRoom } from "../bus/rooms.ts";
import { HEARTBEAT_SECONDS } from "../cameras/device-service.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import { type AppDeps, type Caller, nowOf } from "../http/env.ts";
import { ApiError, conflict, invalid, notFound } from "../http/errors.ts";
import { imageResponse } from "../http/images.ts";
import { imageParts } from "../http/uploads.ts";
import { mediaStoreOf } from "../media-store/store.ts";
import { cameraInScope, zoomInScope } from "../scope/loaders.ts";
import { checkInspection, record } from "../snapshots/service.ts";
import { MAX_ZOOM_BYTES, type Zoom, ZOOM_TOPIC, type ZoomFailure, zoomImageUrl, type ZoomRequest } from "./contracts.ts";
import { cropOf, cropProblem, timedOut } from "./rules.ts";

type Row = typeof zooms.$inferSelect;

function view(r: Row, now: number): Zoom {
  const late = timedOut(r.status, r.requestedAt, now);
  return {
    id: r.id,
    canteenId: r.canteenId,
    cameraId: r.cameraId,
    requestedBy: r.requestedBy,
    requestedAt: toIso(r.requestedAt),
    status: late ? "failed" : r.status,
    source: { width: r.sourceWidth, height: r.sourceHeight },
    crop: { x: r.cropX, y: r.cropY, width: r.cropWidth, height: r.cropHeight },
    error: late ? "the gateway did not answer in time" : r.error,
    doneAt: toIsoOrNull(r.doneAt),
    imageUrl: r.status === "ready" ? zoomImageUrl(r.id) : null,
    sha256: r.sha256,
    bytes: r.bytes,
  };
}

/**
 * Why a camera's gateway cannot crop now (503 with the reason): no gateway, a revoked one, or one silent for three
 * heartbeats; a camera not online, or whose source size the gateway has not reported yet.
 */
async function cropUnavailable(deps: AppDeps, camera: typeof cameras.$inferSelect, now: number): Promise<string | null> {
  if (!camera.gatewayId) return "zoom_no_gateway";
  const [gw] = await deps.db.select().from(gateways).where(eq(gateways.id, camera.gatewayId));
  if (!gw || gw.revokedAt != null || gw.lastSeenAt == null || now - gw.lastSeenAt > 3 * HEARTBEAT_SECONDS * 1000) return "zoom_gateway_offline";
  if (camera.status !== "online") return "zoom_camera_offline";
  if (!camera.sourceWidth || !camera.sourceHeight) return "zoom_source_unknown";
  if (!deps.config.livekit) return "livekit_unavailable";
  return null;
}

/** Ask the camera's gateway for a crop of the region: 202 pending; its outcome comes as `zoom.done` to the requester. */
export async function request(caller: Caller, cameraId: string, body: ZoomRequest) {
  const { deps, scope, actor } = caller;
  const now = nowOf(deps);
  const { camera } = await cameraInScope(deps.db, scope, cameraId);
  await checkInspection(caller, camera, body.inspectionId);
  const unavailable = await cropUnavailable(deps, camera, now);
  if (unavailable) throw new ApiError("service_unavailable", unavailable);
  const source = { width: camera.sourceWidth!, height: camera.sourceHeight! };
  const crop = cropOf(body, source);
  const problem = cropProblem(crop, source);
  if (problem) throw invalid(problem, [{ path: "(root)", message: `${crop.width}x${crop.height} source pixels at ${crop.x},${crop.y} of ${source.width}x${source.height}` }]);
  const row: Row = {
    id: newId("zoom"),
    canteenId: camera.canteenId,
    cameraId: camera.id,
    gatewayId: camera.gatewayId!,
    inspectionId: body.inspectionId ?? null,
    requestedBy: actor.userId,
    requestedAt: now,
    sourceWidth: source.width,
    sourceHeight: source.height,
    cropX: crop.x,
    cropY: crop.y,
    cropWidth: crop.width,
    cropHeight: crop.height,
    status: "pending",
    error: null,
    doneAt: null,
    mediaKey: null,
    sha256: null,
    bytes: null,
  };
  await writeAudited(deps, async (tx) => {
    await tx.insert(zooms).values(row);
    return { result: row.id, audit: { actorId: actor.userId, action: "zoom.request", targetType: "camera", targetId: camera.id, change: { zoomId: row.id, source, crop } } };
  });
  publish(deps, announcement(canteenRoom(camera.canteenId), ZOOM_TOPIC, { type: "zoom.request", id: row.id, cameraId: camera.id, source, crop }, [row.gatewayId]));
  return view(row, now);
}

export async function get({ deps, scope }: Caller, id: string) {
  return view((await zoomInScope(deps.db, scope, id)).zoom, nowOf(deps));
}

export async function image({ deps, scope }: Caller, id: string) {
  const { zoom } = await zoomInScope(deps.db, scope, id);
  if (zoom.status !== "ready" || !zoom.mediaKey) throw notFound("zoom_not_ready");
  const bytes = await mediaStoreOf(deps).get(zoom.mediaKey);
  if (!bytes) throw notFound();
  return imageResponse(bytes, "image/jpeg", zoom.sha256!);
}

/** Keep a crop as evidence: a snapshot of the camera (same stored image), opened for everyone in the room and annotatable. */
export async function save(caller: Caller, id: string) {
  const { zoom, camera } = await zoomInScope(caller.deps.db, caller.scope, id);
  if (zoom.status !== "ready" || !zoom.mediaKey) throw conflict("zoom_not_ready");
  const stored = { key: zoom.mediaKey, sha256: zoom.sha256!, bytes: zoom.bytes! };
  return record(caller, { camera, inspectionId: zoom.inspectionId, stored, contentType: "image/jpeg", width: zoom.cropWidth, height: zoom.cropHeight });
}

/** The gateway's own pending request (404 for another gateway's), still open (409 once answered or timed out). */
async function pendingOf(deps: AppDeps, gw: { id: string }, id: string) {
  const [row] = await deps.db.select().from(zooms).where(and(eq(zooms.id, id), eq(zooms.gatewayId, gw.id)));
  if (!row) throw notFound();
  const now = nowOf(deps);
  if (row.status !== "pending" || timedOut(row.status, row.requestedAt, now)) throw conflict("zoom_already_done");
  return { row, now };
}

async function finish(deps: AppDeps, row: Row, set: Partial<Row>, now: number) {
  // only a still-pending row changes: two uploads racing leave the first one's crop
  const done = await deps.db.update(zooms).set({ ...set, doneAt: now }).where(and(eq(zooms.id, row.id), eq(zooms.status, "pending"))).returning();
  if (!done.length) throw conflict("zoom_already_done");
  publish(deps, announcement(canteenRoom(row.canteenId), ZOOM_TOPIC, { type: "zoom.done", zoom: view(done[0]!, now) }, [row.requestedBy]));
  return { ok: true as const };
}

/** The crop's JPEG from the gateway: decoded whole (415 otherwise), exactly the crop's size (409 otherwise), stored by its sha256. */
export async function gatewayUpload(deps: AppDeps, gw: { id: string }, id: string, form: { file: unknown }) {
  const { row, now } = await pendingOf(deps, gw, id);
  const [jpeg] = await imageParts(form.file, "file", { min: 1, max: 1, maxBytes: MAX_ZOOM_BYTES });
  if (jpeg!.contentType !== "image/jpeg") throw new ApiError("unsupported_media_type", "not_an_image", [{ path: "file", message: "JPEG" }]);
  if (jpeg!.width !== row.cropWidth || jpeg!.height !== row.cropHeight) {
    throw conflict("zoom_size_mismatch", [{ path: "file", message: `${jpeg!.width}x${jpeg!.height}, expected ${row.cropWidth}x${row.cropHeight}` }]);
  }
  const stored = await mediaStoreOf(deps).put(jpeg!.bytes, "image/jpeg", "snapshot");
  return finish(deps, row, { status: "ready", mediaKey: stored.key, sha256: stored.sha256, bytes: stored.bytes }, now);
}

export async function gatewayFailed(deps: AppDeps, gw: { id: string }, id: string, body: z.infer<typeof ZoomFailure>) {
  const { row, now } = await pendingOf(deps, gw, id);
  return finish(deps, row, { status: "failed", error: body.error }, now);
}
