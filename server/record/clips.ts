import { and, desc, eq, gt, gte, inArray, lte, lt, max, min, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { cameras, gateways, orderItems, recordingAnchors, recordingClipAttachments, recordingClips, recordingGaps } from "../../db/schema/index.ts";
import { GENESIS, foldChain, type ChainLink } from "../../media/record/chain-hash.ts";
import { appendAudit } from "../audit/service.ts";
import { HEARTBEAT_SECONDS } from "../cameras/device-service.ts";
import { toIso, toIsoOrNull } from "../clock/time.ts";
import { type AppDeps, type Caller, nowOf } from "../http/env.ts";
import { ApiError, conflict, invalid, notFound } from "../http/errors.ts";
import { mediaStoreOf, sha256Hex } from "../media-store/store.ts";
import { scopedLists } from "../scope/lists.ts";
import { cameraInScope, clipInScope } from "../scope/loaders.ts";
import { attachmentsFor, attachmentsOf, labelled, targetOf } from "./clip-targets.ts";
import { type Clip, type ClipAttachment, clipUrls, type GatewayClipUpload, MAX_CLIP_BYTES } from "./clip-contracts.ts";
import { checkClipChain, CLIP_PENDING_MS, clipSpanProblem, parseRange } from "./clip-rules.ts";
import { oldestOf } from "./playback.ts";
import { type ClipRow, type ClipTargetRef, insertClip, nudgeClip } from "./clip-requests.ts";

/**
 * Evidence clips (视频抓拍, issue 19 item 5): asked for here, cut on the school's gateway from its recording without
 * re-encoding, uploaded with their sha256 and the chain links they came from, kept append-only in the media store,
 * attached to inspections, orders, an order's problems and alerts, served with byte ranges, verified against the anchored chain.
 */

type Row = ClipRow;
type Target = ClipTargetRef;

const statusOf = (r: Row, now: number): Clip["status"] => (r.status === "pending" && r.requestedAt < now - CLIP_PENDING_MS ? "expired" : r.status);

function view(r: Row, cameraName: string, attachments: ClipAttachment[], now: number): Clip {
  const ready = r.status === "ready";
  const urls = clipUrls(r.id);
  return {
    id: r.id,
    canteenId: r.canteenId,
    cameraId: r.cameraId,
    cameraName,
    origin: r.origin,
    requestedBy: r.requestedBy,
    requestedAt: toIso(r.requestedAt),
    start: toIso(r.startAt),
    end: toIso(r.endAt),
    status: statusOf(r, now),
    failure: r.failure,
    clipStart: toIsoOrNull(r.clipStartAt),
    clipEnd: toIsoOrNull(r.clipEndAt),
    sha256: r.sha256,
    bytes: r.bytes,
    attachments,
    videoUrl: ready ? urls.videoUrl : null,
    manifestUrl: ready ? urls.manifestUrl : null,
    verifyUrl: ready ? urls.verifyUrl : null,
  };
}

/**
 * Asks for a clip of a camera's recording: 404 out of scope; 400 for a span that ends before it starts, is over 5
 * minutes or ends in the future; 409 when nothing is recorded there (naming the oldest recording or the gap); 503
 * when the camera's gateway is offline. Answers the pending clip (201); the gateway cuts and uploads it.
 */
export async function requestClip(caller: Caller, body: { cameraId: string; start: string; end: string; attach?: Target }) {
  const { deps, scope, actor } = caller;
  const now = nowOf(deps);
  const { camera } = await cameraInScope(deps.db, scope, body.cameraId);
  const span = { start: Date.parse(body.start), end: Date.parse(body.end) };
  const gaps = await deps.db.select().from(recordingGaps).where(and(eq(recordingGaps.cameraId, camera.id), lte(recordingGaps.startAt, span.start), gte(recordingGaps.endAt, span.end)));
  const problem = clipSpanProblem(span, now, await oldestOf(deps, camera.id, now), gaps);
  if (problem) throw problem.status === 400 ? invalid(problem.reason, [{ path: "end", message: problem.message }]) : conflict(problem.reason, [{ path: "start", message: problem.message }]);
  if (body.attach && (await targetOf(caller, body.attach)).canteenId !== camera.canteenId) throw conflict("clip_not_in_canteen", [{ path: "attach.targetId", message: "another canteen" }]);
  const [gw] = camera.gatewayId ? await deps.db.select().from(gateways).where(eq(gateways.id, camera.gatewayId)) : [];
  if (!gw || gw.revokedAt != null || gw.lastSeenAt == null || now - gw.lastSeenAt > 3 * HEARTBEAT_SECONDS * 1000) throw new ApiError("service_unavailable", "gateway_offline_clip");
  const row = await deps.db.transaction((tx) => insertClip(tx, { canteenId: camera.canteenId, cameraId: camera.id, gatewayId: gw.id, origin: "manual", requestedBy: actor.userId, span, attach: body.attach ?? null, now }));
  nudgeClip(deps, row);
  return view(row, camera.name, (await labelled(caller, new Map([[row.id, body.attach ? [body.attach] : []]]))).get(row.id)!, now);
}

/**
 * A camera's, a canteen's or a target's clips. An order's include those attached to its problems, so the order page
 * lists every clip of the order (each saying which problem it shows). The clips themselves are scoped (their camera);
 * which ids are attached where is only the filter.
 */
export async function listClips(caller: Caller, q: { cameraId?: string; canteenId?: string; targetType?: Target["targetType"]; targetId?: string }) {
  const { deps, scope } = caller;
  const filters: Array<SQL | undefined> = [q.cameraId ? eq(recordingClips.cameraId, q.cameraId) : undefined, q.canteenId ? eq(recordingClips.canteenId, q.canteenId) : undefined];
  if (q.targetType && q.targetId) {
    const a = recordingClipAttachments;
    const targets = [and(eq(a.targetType, q.targetType), eq(a.targetId, q.targetId))];
    if (q.targetType === "order") {
      const items = (await deps.db.select({ id: orderItems.id }).from(orderItems).where(eq(orderItems.orderId, q.targetId))).map((r) => r.id);
      if (items.length) targets.push(and(eq(a.targetType, "order_item"), inArray(a.targetId, items)));
    }
    const ids = (await deps.db.select({ id: a.clipId }).from(a).where(or(...targets))).map((r) => r.id);
    filters.push(inArray(recordingClips.id, ids));
  }
  const rows = await scopedLists(deps.db, scope).clips({ clip: recordingClips, cameraName: cameras.name }, ...filters).orderBy(desc(recordingClips.requestedAt), desc(recordingClips.id)).limit(100);
  const attached = await attachmentsFor(caller, rows.map((r) => r.clip.id));
  const now = nowOf(deps);
  return { items: rows.map((r) => view(r.clip, r.cameraName, attached.get(r.clip.id) ?? [], now)) };
}

export async function getClip(caller: Caller, id: string) {
  const { clip, camera } = await clipInScope(caller.deps.db, caller.scope, id);
  return view(clip, camera.name, (await attachmentsFor(caller, [clip.id])).get(clip.id) ?? [], nowOf(caller.deps));
}

/**
 * Attaches a clip to an inspection, an order, an order's problem or an alert of its canteen (append-only; attaching
 * twice is a no-op). The audit entry names the target; for a problem also its order.
 */
export async function attachClip(caller: Caller, id: string, t: Target) {
  const { deps, scope, actor } = caller;
  const { clip, camera } = await clipInScope(deps.db, scope, id);
  const target = await targetOf(caller, t);
  if (target.canteenId !== clip.canteenId) throw conflict("clip_not_in_canteen", [{ path: "targetId", message: "another canteen" }]);
  const now = nowOf(deps);
  await deps.db.transaction(async (tx) => {
    const added = await tx.insert(recordingClipAttachments).values({ clipId: clip.id, ...t, attachedBy: actor.userId, attachedAt: now }).onConflictDoNothing().returning();
    if (added.length) await appendAudit(tx, { actorId: actor.userId, action: "clip.attached", targetType: t.targetType, targetId: t.targetId, change: { clipId: clip.id, ...(target.orderId ? { orderId: target.orderId } : {}) } }, now);
  });
  return view(clip, camera.name, (await attachmentsFor(caller, [clip.id])).get(clip.id) ?? [], now);
}

async function readyClip({ deps, scope }: Caller, id: string) {
  const found = await clipInScope(deps.db, scope, id);
  if (found.clip.status !== "ready") throw conflict("clip_not_ready");
  return found;
}

/**
 * The clip's MP4 with byte ranges, so a <video> can seek: 200 whole, 206 with Content-Range for `Range: bytes=…`,
 * 416 (with `Content-Range: bytes *\/size`) past its end. `download` adds Content-Disposition: attachment.
 */
export async function clipVideo(caller: Caller, id: string, rangeHeader: string | undefined, download: boolean): Promise<Response> {
  const { clip } = await readyClip(caller, id);
  const bytes = await mediaStoreOf(caller.deps).get(clip.mediaKey!);
  if (!bytes) throw notFound("clip_file_missing");
  const size = bytes.byteLength;
  const headers: Record<string, string> = { "content-type": "video/mp4", "accept-ranges": "bytes", etag: `"${clip.sha256}"`, "cache-control": "private, max-age=86400, immutable" };
  if (download) headers["content-disposition"] = `attachment; filename="clip-${clip.id}.mp4"`;
  const range = parseRange(rangeHeader, size);
  if (range === "unsatisfiable") throw new ApiError("range_not_satisfiable", undefined, [{ path: "Range", message: `the clip has ${size} bytes` }], { "Content-Range": `bytes */${size}` });
  if (!range) return new Response(new Uint8Array(bytes), { status: 200, headers: { ...headers, "content-length": String(size) } });
  const part = bytes.subarray(range.start, range.end + 1);
  return new Response(new Uint8Array(part), { status: 206, headers: { ...headers, "content-length": String(part.byteLength), "content-range": `bytes ${range.start}-${range.end}/${size}` } });
}

const sourcesOf = (clip: Row) => (JSON.parse(clip.sources ?? "[]") as Array<{ seq: number; start: number; end: number; sha256: string; hash: string }>).map((s) => ({ ...s, start: toIso(s.start), end: toIso(s.end) }));

async function anchorHash(db: DbOrTx, cameraId: string, seq: number) {
  if (seq === 0) return GENESIS;
  const [a] = await db.select({ hash: recordingAnchors.hash }).from(recordingAnchors).where(and(eq(recordingAnchors.cameraId, cameraId), eq(recordingAnchors.seq, seq)));
  return a?.hash ?? null;
}

/** The clip's manifest: its hash, span, source segments and the anchors they fold between (downloaded beside the MP4). */
export async function clipManifest(caller: Caller, id: string) {
  const { clip, camera } = await readyClip(caller, id);
  const db = caller.deps.db;
  return {
    clipId: clip.id,
    cameraId: clip.cameraId,
    cameraName: camera.name,
    canteenId: clip.canteenId,
    start: toIso(clip.clipStartAt!),
    end: toIso(clip.clipEndAt!),
    sha256: clip.sha256!,
    bytes: clip.bytes!,
    contentType: "video/mp4" as const,
    requestedBy: clip.requestedBy,
    requestedAt: toIso(clip.requestedAt),
    readyAt: toIso(clip.readyAt!),
    sources: sourcesOf(clip),
    anchors: { fromSeq: clip.fromSeq!, fromHash: (await anchorHash(db, clip.cameraId, clip.fromSeq!)) ?? GENESIS, toSeq: clip.toSeq!, toHash: (await anchorHash(db, clip.cameraId, clip.toSeq!)) ?? GENESIS },
    attachments: (await attachmentsOf(db, [clip.id])).get(clip.id) ?? [],
  };
}

/**
 * Verifies a clip now: recomputes the sha256 of the stored bytes and re-folds its kept links from the anchor before
 * it to the anchor after it (the API's own anchors, append-only). unchanged / changed / missing (the file is gone).
 */
export async function verifyClip(caller: Caller, id: string) {
  const { clip } = await readyClip(caller, id);
  const { deps } = caller;
  const bytes = await mediaStoreOf(deps).get(clip.mediaKey!);
  const computed = bytes ? sha256Hex(bytes) : null;
  const links = JSON.parse(clip.links ?? "[]") as ChainLink[];
  const [fromHash, toHash] = [await anchorHash(deps.db, clip.cameraId, clip.fromSeq!), await anchorHash(deps.db, clip.cameraId, clip.toSeq!)];
  const folded = fromHash ? foldChain(fromHash, links.filter((l) => l.seq <= clip.toSeq!)) : { broken: 0, why: `anchor ${clip.fromSeq} not found` };
  const chainDetail = "broken" in folded ? folded.why : folded.head !== toHash ? `the links do not fold to anchor ${clip.toSeq}` : null;
  const sources = sourcesOf(clip);
  const inChain = sources.every((s) => links.some((l) => l.seq === s.seq && l.kind === "segment" && l.sha256 === s.sha256));
  const chainOk = chainDetail === null && inChain;
  const matches = computed === clip.sha256;
  const now = nowOf(deps);
  return {
    clipId: clip.id,
    verdict: computed === null ? ("missing" as const) : matches && chainOk ? ("unchanged" as const) : ("changed" as const),
    sha256: { recorded: clip.sha256!, computed, matches },
    chain: { fromSeq: clip.fromSeq!, toSeq: clip.toSeq!, matches: chainOk, detail: chainDetail ?? (inChain ? null : "a source segment is not among the links") },
    sources,
    checkedAt: toIso(now),
  };
}

/** The gateway's pending clips (not yet expired), each with the API's anchor before its span (links start after it). */
export async function gatewayClips(deps: AppDeps, gw: { id: string }) {
  const now = nowOf(deps);
  const rows = await deps.db.select().from(recordingClips).where(and(eq(recordingClips.gatewayId, gw.id), eq(recordingClips.status, "pending"), gt(recordingClips.requestedAt, now - CLIP_PENDING_MS))).orderBy(recordingClips.requestedAt).limit(20);
  const clips = [];
  for (const r of rows) {
    const [a] = await deps.db.select({ seq: max(recordingAnchors.seq) }).from(recordingAnchors).where(and(eq(recordingAnchors.cameraId, r.cameraId), lt(recordingAnchors.endAt, r.startAt + 1)));
    // bounded: a clip of six days ago needs the links of an hour or so, not every link since
    const [b] = await deps.db.select({ seq: min(recordingAnchors.seq) }).from(recordingAnchors).where(and(eq(recordingAnchors.cameraId, r.cameraId), gte(recordingAnchors.endAt, r.endAt)));
    clips.push({ id: r.id, cameraId: r.cameraId, start: r.startAt, end: r.endAt, fromSeq: a?.seq ?? 0, toSeq: b?.seq ?? null });
  }
  return { clips };
}

/**
 * The gateway's clip (or why it could not cut it). The API hashes the bytes itself (a mismatch with the sha256 sent
 * is refused), checks the links fold from an anchor to an anchor past the last source segment and that every source
 * is a segment there, stores the MP4 content-addressed, and completes the row once: evidence is never changed.
 */
export async function uploadClip(deps: AppDeps, gw: { id: string }, id: string, body: GatewayClipUpload) {
  const [clip] = await deps.db.select().from(recordingClips).where(and(eq(recordingClips.id, id), eq(recordingClips.gatewayId, gw.id)));
  if (!clip) throw notFound();
  if (clip.status !== "pending") throw conflict("clip_already_done");
  const now = nowOf(deps);
  const fail = async (failure: string) => {
    await deps.db.transaction(async (tx) => {
      await tx.update(recordingClips).set({ status: "failed", failure: failure.slice(0, 300) }).where(and(eq(recordingClips.id, id), eq(recordingClips.status, "pending")));
      await appendAudit(tx, { actorId: null, action: "clip.failed", targetType: "camera", targetId: clip.cameraId, change: { clipId: id, failure } }, now);
    });
  };
  if ("failure" in body) {
    await fail(body.failure);
    return { id, status: "failed" as const };
  }
  const bytes = new Uint8Array(Buffer.from(body.clipBase64, "base64"));
  if (bytes.byteLength > MAX_CLIP_BYTES) throw new ApiError("payload_too_large", "upload_too_large");
  if (sha256Hex(bytes) !== body.sha256) throw invalid("clip_hash_mismatch", [{ path: "sha256", message: "the bytes hash to something else" }]);
  if (!(body.end > body.start)) throw invalid("clip_span_reversed", [{ path: "end", message: "the clip must end after it starts" }]);
  const fromSeq = body.links[0]!.seq - 1;
  const fromHash = await anchorHash(deps.db, clip.cameraId, fromSeq);
  const lastSeq = body.links.at(-1)!.seq;
  const anchors = await deps.db.select({ seq: recordingAnchors.seq, hash: recordingAnchors.hash }).from(recordingAnchors).where(and(eq(recordingAnchors.cameraId, clip.cameraId), gt(recordingAnchors.seq, fromSeq), lte(recordingAnchors.seq, lastSeq)));
  const chain = fromHash ? checkClipChain({ seq: fromSeq, hash: fromHash }, body.links, anchors, body.sources) : ({ ok: false, why: `no anchor at ${fromSeq}` } as const);
  if (!chain.ok) {
    await fail(`not in the anchored chain: ${chain.why}`);
    throw conflict("clip_not_in_chain", [{ path: "links", message: chain.why }]);
  }
  const stored = await mediaStoreOf(deps).put(bytes, "video/mp4", "clip");
  const kept = body.links.filter((l) => l.seq <= chain.toSeq);
  await deps.db.transaction(async (tx) => {
    const done = await tx
      .update(recordingClips)
      .set({ status: "ready", mediaKey: stored.key, sha256: stored.sha256, bytes: stored.bytes, clipStartAt: body.start, clipEndAt: body.end, sources: JSON.stringify(chain.sources), links: JSON.stringify(kept), fromSeq, toSeq: chain.toSeq, readyAt: now })
      .where(and(eq(recordingClips.id, id), eq(recordingClips.status, "pending")))
      .returning({ id: recordingClips.id });
    if (!done.length) throw conflict("clip_already_done");
    await appendAudit(tx, { actorId: null, action: "clip.ready", targetType: "camera", targetId: clip.cameraId, change: { clipId: id, sha256: stored.sha256, bytes: stored.bytes, sources: chain.sources.map((s) => s.seq), fromSeq, toSeq: chain.toSeq } }, now);
  });
  return { id, status: "ready" as const };
}
