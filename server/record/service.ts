import { randomInt } from "node:crypto";
import { and, asc, desc, eq, gte, inArray, lt, lte, sql } from "drizzle-orm";
import type { z } from "zod";
import { cameras, recordingAnchors, recordingChallenges, recordingDays, recordingGaps, recordingSources } from "../../db/schema/index.ts";
import { GENESIS, sha256OfBytes } from "../../media/record/chain-hash.ts";
import { pushAlerts } from "../alerts/push.ts";
import { appendAudit } from "../audit/service.ts";
import { newId } from "../auth/tokens.ts";
import { toIso } from "../clock/time.ts";
import { type AppDeps, type Caller, nowOf } from "../http/env.ts";
import { cameraInScope } from "../scope/loaders.ts";
import { notFound } from "../http/errors.ts";
import { raiseRecordingAlert } from "./alerts.ts";
import { dayMarkers } from "./markers.ts";
import type { AnchorBatch, ChallengeAnswer } from "./contracts.ts";
import { dayOf, dayStart, extendChain, judgeChallenge, pickChallenge, recordedSpans, splitByDay } from "./rules.ts";
import { MIN_RETENTION_DAYS } from "../../media/record/retention.ts";

type Gateway = { id: string };
/** what Debian's Chromium plays (DESIGN §5: not H.265) */
const PLAYABLE_CODECS = new Set(["h264", "vp8", "vp9", "av1"]);
const DAY = 86_400_000;

async function headOf(deps: AppDeps, cameraId: string) {
  const [head] = await deps.db.select().from(recordingAnchors).where(eq(recordingAnchors.cameraId, cameraId)).orderBy(desc(recordingAnchors.seq)).limit(1);
  return head ?? null;
}

/**
 * A gateway's chain heads: per camera the new links must continue the anchored chain (else recording_tampered
 * and an audit entry, nothing stored); the heads become anchors, gaps and recorded time are kept for the
 * timeline and the day's share. The storage report raises recording_storage_low on the first camera.
 */
export async function ingestAnchors(deps: AppDeps, gw: Gateway, batch: AnchorBatch) {
  const now = nowOf(deps);
  const ids = batch.cameras.map((c) => c.cameraId);
  const own = ids.length ? await deps.db.select({ id: cameras.id }).from(cameras).where(and(inArray(cameras.id, ids), eq(cameras.gatewayId, gw.id))) : [];
  const foreign = ids.filter((id) => !own.some((o) => o.id === id));
  if (foreign.length) throw notFound("camera_not_on_gateway", foreign.map((id) => ({ path: "cameras", message: `camera ${id} is not on this gateway` })));
  const raised: string[] = [];
  const results = [];
  for (const cam of batch.cameras) {
    const head = await headOf(deps, cam.cameraId);
    const ext = extendChain(head && { seq: head.seq, hash: head.hash }, cam.links, cam.heads, now);
    const result = await deps.db.transaction(async (tx) => {
      if (!ext.ok) {
        const id = await raiseRecordingAlert(tx, { gatewayId: gw.id, cameraId: cam.cameraId, type: "recording_tampered", note: ext.why, now, deadlineMinutes: deps.config.alertDeadlines.recording_tampered });
        if (id) raised.push(id);
        await appendAudit(tx, { actorId: null, action: "recording.anchor_rejected", targetType: "camera", targetId: cam.cameraId, change: { gatewayId: gw.id, why: ext.why } }, now);
        return { cameraId: cam.cameraId, ackedSeq: head?.seq ?? 0, rejected: true };
      }
      if (cam.video) {
        const v = { ...cam.video, updatedAt: now };
        await tx.insert(recordingSources).values({ cameraId: cam.cameraId, ...v }).onConflictDoUpdate({ target: recordingSources.cameraId, set: v });
      }
      for (const a of ext.anchors) {
        await tx.insert(recordingAnchors).values({ id: newId("ran"), gatewayId: gw.id, cameraId: cam.cameraId, seq: a.seq, hash: a.hash, endAt: a.endAt, takenAt: Math.min(a.takenAt, now), receivedAt: now }).onConflictDoNothing();
      }
      const perDay = new Map<string, { ms: number; from: number; to: number }>();
      for (const l of ext.fresh) {
        if (l.kind === "gap") await tx.insert(recordingGaps).values({ cameraId: cam.cameraId, seq: l.seq, startAt: l.start, endAt: l.end, reason: l.reason }).onConflictDoNothing();
        else
          for (const d of splitByDay(l.start, l.end)) {
            const p = perDay.get(d.day);
            perDay.set(d.day, p ? { ms: p.ms + d.ms, from: Math.min(p.from, d.from), to: Math.max(p.to, d.to) } : d);
          }
      }
      for (const [day, { ms, from, to }] of perDay) {
        await tx
          .insert(recordingDays)
          .values({ cameraId: cam.cameraId, day, recordedMs: ms, firstAt: from, lastAt: to })
          .onConflictDoUpdate({ target: [recordingDays.cameraId, recordingDays.day], set: { recordedMs: sql`${recordingDays.recordedMs} + ${ms}`, firstAt: sql`min(${recordingDays.firstAt}, ${from})`, lastAt: sql`max(${recordingDays.lastAt}, ${to})` } });
      }
      return { cameraId: cam.cameraId, ackedSeq: ext.fresh.length ? ext.head.seq : (head?.seq ?? 0), rejected: false };
    });
    results.push(result);
  }
  const first = [...own].sort((a, b) => a.id.localeCompare(b.id))[0];
  if (batch.storage.low && first) {
    const s = batch.storage;
    const note = `disk budget ${s.maxBytes} B holds ${s.bytes} B; 7 days need about ${s.projected7dBytes} B`;
    const id = await deps.db.transaction((tx) => raiseRecordingAlert(tx, { gatewayId: gw.id, cameraId: first.id, type: "recording_storage_low", note, now, deadlineMinutes: deps.config.alertDeadlines.recording_storage_low }));
    if (id) raised.push(id);
  }
  pushAlerts(deps, "alert.raised", raised);
  return { cameras: results };
}

/**
 * Names a random anchored segment of each camera (of one gateway, or all) that has no open challenge, inside the
 * 7 days every gateway must keep. `chance` (default 1) is each camera's probability of being challenged this time:
 * the periodic job runs often with a small chance, so a gateway cannot tell when its next challenge will come.
 * `random` is injectable for tests. Returns the challenges issued.
 */
export async function issueChallenges(deps: AppDeps, o: { gatewayId?: string; cameraIds?: string[]; random?: () => number; chance?: number } = {}) {
  const now = nowOf(deps);
  const random = o.random ?? (() => randomInt(0, 2 ** 31) / 2 ** 31);
  const since = now - 7 * DAY + 3_600_000;
  const where = o.cameraIds ? inArray(recordingAnchors.cameraId, o.cameraIds) : o.gatewayId ? eq(recordingAnchors.gatewayId, o.gatewayId) : undefined;
  const rows = await deps.db.select({ cameraId: recordingAnchors.cameraId, gatewayId: recordingAnchors.gatewayId, seq: recordingAnchors.seq, endAt: recordingAnchors.endAt }).from(recordingAnchors).where(where).orderBy(asc(recordingAnchors.cameraId), asc(recordingAnchors.seq));
  // a challenge unanswered for a day (gateway offline) lapses: the next one is named afresh (written only when one has)
  const lapsed = and(eq(recordingChallenges.outcome, "pending"), lt(recordingChallenges.issuedAt, now - DAY));
  if ((await deps.db.select({ id: recordingChallenges.id }).from(recordingChallenges).where(lapsed).limit(1)).length) {
    await deps.db.update(recordingChallenges).set({ outcome: "expired" }).where(lapsed);
  }
  const pending = new Set((await deps.db.select({ cameraId: recordingChallenges.cameraId }).from(recordingChallenges).where(eq(recordingChallenges.outcome, "pending"))).map((r) => r.cameraId));
  const byCamera = new Map<string, typeof rows>();
  for (const r of rows) byCamera.set(r.cameraId, [...(byCamera.get(r.cameraId) ?? []), r]);
  const issued = [];
  for (const [cameraId, anchors] of byCamera) {
    if (pending.has(cameraId)) continue;
    if (o.chance !== undefined && o.chance < 1 && random() >= o.chance) continue;
    const pick = pickChallenge(anchors, since, random);
    if (!pick) continue;
    const row = { id: newId("rch"), gatewayId: anchors[0]!.gatewayId, cameraId, ...pick, issuedAt: now };
    await deps.db.insert(recordingChallenges).values(row);
    issued.push(row);
  }
  return issued;
}

/** The gateway's open challenges (it polls them with its anchors). */
export async function openChallenges(deps: AppDeps, gw: Gateway) {
  const rows = await deps.db.select().from(recordingChallenges).where(and(eq(recordingChallenges.gatewayId, gw.id), eq(recordingChallenges.outcome, "pending"))).orderBy(asc(recordingChallenges.issuedAt)).limit(20);
  return { challenges: rows.map(({ id, cameraId, seq, fromSeq, toSeq }) => ({ id, cameraId, seq, fromSeq, toSeq })) };
}

async function anchorHash(deps: AppDeps, cameraId: string, seq: number) {
  if (seq === 0) return GENESIS;
  const [a] = await deps.db.select({ hash: recordingAnchors.hash }).from(recordingAnchors).where(and(eq(recordingAnchors.cameraId, cameraId), eq(recordingAnchors.seq, seq)));
  return a?.hash ?? null;
}

/**
 * The gateway's answer: the API hashes the uploaded bytes itself and checks them and the links against the
 * anchors. Tampered or missing → alert + audit entry. Answering twice is a conflict-free replay of the verdict.
 */
export async function answerChallenge(deps: AppDeps, gw: Gateway, id: string, body: z.infer<typeof ChallengeAnswer>) {
  const [c] = await deps.db.select().from(recordingChallenges).where(and(eq(recordingChallenges.id, id), eq(recordingChallenges.gatewayId, gw.id)));
  if (!c) throw notFound();
  if (c.outcome !== "pending") return { id, outcome: c.outcome, detail: c.detail };
  const [fromHash, toHash] = [await anchorHash(deps, c.cameraId, c.fromSeq), await anchorHash(deps, c.cameraId, c.toSeq)];
  const bytes = body.segmentBase64 === undefined ? null : new Uint8Array(Buffer.from(body.segmentBase64, "base64"));
  const verdict = fromHash && toHash ? judgeChallenge(c, fromHash, toHash, body.links, bytes && sha256OfBytes(bytes)) : { outcome: "tampered" as const, detail: "anchor not found" };
  const now = nowOf(deps);
  const raised = await deps.db.transaction(async (tx) => {
    await tx.update(recordingChallenges).set({ outcome: verdict.outcome, detail: verdict.detail, answeredAt: now }).where(eq(recordingChallenges.id, id));
    await appendAudit(tx, { actorId: null, action: `recording.challenge_${verdict.outcome}`, targetType: "camera", targetId: c.cameraId, change: { challengeId: id, seq: c.seq, detail: verdict.detail } }, now);
    if (verdict.outcome === "passed") return null;
    const type = verdict.outcome === "missing" ? "recording_missing" : "recording_tampered";
    return raiseRecordingAlert(tx, { gatewayId: gw.id, cameraId: c.cameraId, type, note: verdict.detail ?? type, now, deadlineMinutes: deps.config.alertDeadlines[type] });
  });
  if (raised) pushAlerts(deps, "alert.raised", [raised]);
  return { id, outcome: verdict.outcome, detail: verdict.detail };
}

/** A camera's day (录像完整率 and the gaps with their reasons); today when no day is named. 404 out of scope. */
export async function cameraDay({ deps, scope, actor }: Caller, input: { param: { id: string }; query: { day?: string } }) {
  const now = nowOf(deps);
  const { camera } = await cameraInScope(deps.db, scope, input.param.id);
  const cameraId = camera.id;
  const dayStartAt = dayStart(input.query.day ?? dayOf(now));
  const day = dayOf(dayStartAt);
  const [row] = await deps.db.select().from(recordingDays).where(and(eq(recordingDays.cameraId, cameraId), eq(recordingDays.day, day)));
  const gaps = await deps.db.select().from(recordingGaps).where(and(eq(recordingGaps.cameraId, cameraId), lt(recordingGaps.startAt, dayStartAt + DAY), gte(recordingGaps.endAt, dayStartAt))).orderBy(asc(recordingGaps.startAt)).limit(500);
  const [last] = await deps.db.select({ receivedAt: recordingAnchors.receivedAt }).from(recordingAnchors).where(and(eq(recordingAnchors.cameraId, cameraId), lte(recordingAnchors.receivedAt, now))).orderBy(desc(recordingAnchors.receivedAt)).limit(1);
  const [source] = await deps.db.select().from(recordingSources).where(eq(recordingSources.cameraId, cameraId));
  const elapsed = Math.max(0, Math.min(DAY, now - dayStartAt));
  const recordedMs = row?.recordedMs ?? 0;
  return {
    cameraId,
    cameraName: camera.name,
    day,
    recordedMs,
    share: elapsed ? Math.min(1, recordedMs / elapsed) : 0,
    gaps: gaps.map((g) => ({ start: toIso(g.startAt), end: toIso(g.endAt), reason: g.reason })),
    recorded: row ? recordedSpans(row.firstAt, row.lastAt, gaps).map((s) => ({ start: toIso(s.start), end: toIso(s.end) })) : [],
    retentionDays: MIN_RETENTION_DAYS,
    markers: await dayMarkers(deps.db, actor, camera, dayStartAt),
    video: source ? { codec: source.codec, width: source.width, height: source.height, playable: PLAYABLE_CODECS.has(source.codec) } : null,
    lastAnchorAt: last ? toIso(last.receivedAt) : null,
  };
}
