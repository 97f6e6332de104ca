import { EventEmitter } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DecodeOptions } from "../gateway/ffmpeg-args.ts";
import { errorText, type Logger } from "../gateway/log.ts";
import { MAX_LINKS, type AnchorBatch } from "../../server/record/contracts.ts";
import { AnchorState } from "./anchor-state.ts";
import type { RecordPlane } from "./api.ts";
import { publicLink, type StoredLink } from "./chain-store.ts";
import { CameraRecorder } from "./camera-recorder.ts";
import { RetentionSweep } from "./retention-sweep.ts";
import { ClipRequests } from "./clip-requests.ts";

export interface RecordingOptions {
  dir: string;
  ffmpeg: string;
  segmentSeconds: number;
  fps: number;
  maxBitrate: number;
  decode: DecodeOptions;
  retentionDays: number;
  maxBytes: number;
  log: Logger;
  /** how often a head is taken and sent (default hourly) */
  anchorEveryMs?: number;
  /** how often undelivered anchors are retried and challenges polled (default 30 s) */
  pollMs?: number;
  /** how often the retention sweep runs (default 60 s) */
  sweepMs?: number;
}

export type RecordingEvents = {
  link: [cameraId: string, link: StoredLink];
  anchored: [cameraId: string, ackedSeq: number];
  challenge: [{ id: string; outcome: string; detail: string | null }];
  storageLow: [{ bytes: number; projected7d: number; maxBytes: number }];
};

/**
 * The gateway's recorder (DESIGN §5, issue 19): one CameraRecorder per camera, the retention sweep, the anchors
 * (heads taken hourly and at shutdown, delivered in order with the links since the API's last, kept on disk while
 * the API cannot be reached) and the answers to the API's challenges (the named segment's bytes and its links).
 */
export class Recording extends EventEmitter<RecordingEvents> {
  readonly recorders = new Map<string, CameraRecorder>();
  readonly anchors: AnchorState;
  readonly retention: RetentionSweep;
  /** the evidence clips the API asks for (polled with the anchors, and at once on the room's `clip` topic) */
  readonly clips: ClipRequests;
  private timers: NodeJS.Timeout[] = [];
  private delivering: Promise<void> | null = null;
  /** the playbacks over these recordings (start.ts), stopped with them */
  playbacks: { stop(): void } | null = null;

  constructor(
    private readonly plane: RecordPlane,
    private readonly o: RecordingOptions,
  ) {
    super();
    this.anchors = new AnchorState(o.dir);
    this.retention = new RetentionSweep(this.recorders, { retentionDays: o.retentionDays, maxBytes: o.maxBytes, log: o.log });
    this.retention.on("low", (low) => this.emit("storageLow", low));
    this.clips = new ClipRequests(plane, {
      ffmpeg: o.ffmpeg,
      dir: join(o.dir, ".clips"),
      log: o.log,
      recorders: this.recorders,
      anchorNow: () => {
        this.takeHeads();
        return this.deliver();
      },
      acked: (id) => {
        const st = this.anchors.of(id);
        return { ackedSeq: st.ackedSeq, rejected: !!st.rejected };
      },
    });
  }

  start(): void {
    const every = this.o.anchorEveryMs ?? 3_600_000;
    // a first head soon after starting, so the API knows the camera is recorded (its timeline, the clip of its next
    // AI alert) within a minute rather than an hour; then hourly
    const first = setTimeout(() => this.takeHeads(), Math.min(every, 60_000));
    first.unref();
    this.timers.push(first);
    this.timers.push(setInterval(() => this.takeHeads(), every));
    this.timers.push(setInterval(() => void this.poll(), this.o.pollMs ?? 30_000));
    this.timers.push(setInterval(() => this.retention.sweep(Date.now()), this.o.sweepMs ?? 60_000));
    for (const t of this.timers) t.unref();
  }

  /** The configured cameras: new ones start recording, removed ones stop (their chain stays on disk). */
  async setCameras(cameras: ReadonlyArray<{ id: string; name: string; source: string }>): Promise<void> {
    const wanted = new Map(cameras.map((c) => [c.id, c]));
    for (const [id, rec] of this.recorders) {
      if (wanted.get(id)?.source !== rec.source) {
        this.recorders.delete(id);
        await rec.stop();
      }
    }
    for (const c of cameras) {
      if (this.recorders.has(c.id) || !/^[A-Za-z0-9_-]+$/.test(c.id)) continue;
      const rec = new CameraRecorder(c.id, c.source, join(this.o.dir, c.id), {
        ffmpeg: this.o.ffmpeg,
        segmentSeconds: this.o.segmentSeconds,
        fps: this.o.fps,
        maxBitrate: this.o.maxBitrate,
        decode: { ...this.o.decode, fallbackLabel: c.name },
        keepMs: (this.o.retentionDays + 1) * 86_400_000,
        log: this.o.log,
        onLink: (id, link) => this.emit("link", id, link),
      });
      this.recorders.set(c.id, rec);
      rec.start();
    }
  }

  /** Stops every recorder (their last segments chained), takes the heads and tries to deliver them once. */
  async stop(deliverWithinMs = 5000): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.playbacks?.stop();
    await Promise.all([...this.recorders.values()].map((r) => r.stop()));
    this.takeHeads();
    await Promise.race([this.deliver(), new Promise((r) => setTimeout(r, deliverWithinMs).unref())]);
  }

  /** Notes each camera's current head as an anchor to deliver (hourly, at shutdown). */
  takeHeads(now = Date.now()): void {
    for (const [id, rec] of this.recorders) {
      const head = rec.chain.head;
      const st = this.anchors.of(id);
      if (st.rejected) continue;
      const last = st.heads.at(-1)?.seq ?? st.ackedSeq;
      if (head && head.seq > last) st.heads.push({ seq: head.seq, hash: head.hash, takenAt: now });
    }
    this.anchors.save();
    void this.deliver();
  }

  /** Sends what the API lacks, oldest first, until nothing is left or the API cannot be reached. */
  deliver(): Promise<void> {
    return (this.delivering ??= this.deliverAll().finally(() => (this.delivering = null)));
  }

  private async deliverAll(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      const cameras: AnchorBatch["cameras"] = [];
      for (const [id, st] of Object.entries(this.anchors.cameras)) {
        if (!st.heads.length || st.rejected) continue;
        const chain = this.recorders.get(id)?.chain;
        const target = st.heads.at(-1)!.seq;
        const links = chain ? chain.range(st.ackedSeq + 1, Math.min(target, st.ackedSeq + MAX_LINKS)).map(publicLink) : [];
        const video = this.recorders.get(id)?.video ?? undefined;
        cameras.push({ cameraId: id, links, heads: st.heads.filter((h) => h.seq <= st.ackedSeq + MAX_LINKS), ...(video ? { video } : {}) });
        if (cameras.length >= 4) break;
      }
      if (!cameras.length) return;
      let result;
      try {
        result = await this.plane.sendAnchors({ cameras, storage: this.retention.report() });
      } catch (err) {
        this.o.log.warn(`recording anchors not delivered (kept on disk, retried): ${errorText(err)}`);
        return;
      }
      for (const r of result.cameras) {
        const st = this.anchors.of(r.cameraId);
        if (r.rejected) {
          this.o.log.error(`the API refused camera ${r.cameraId}'s recording chain after link ${r.ackedSeq}: recording_tampered raised`);
          // the gateway cannot mend its chain: it stops sending it (the alert is raised) until an operator looks
          st.rejected = true;
          st.heads = [];
          continue;
        }
        st.ackedSeq = r.ackedSeq;
        st.heads = st.heads.filter((h) => h.seq > r.ackedSeq);
        this.emit("anchored", r.cameraId, r.ackedSeq);
      }
      this.anchors.save();
    }
  }

  /** Retries anchors, answers the API's challenges and cuts the clips it asks for. */
  async poll(): Promise<void> {
    await this.deliver();
    await this.clips.poll();
    let list;
    try {
      list = await this.plane.challenges();
    } catch (err) {
      this.o.log.warn(`recording challenges not fetched: ${errorText(err)}`);
      return;
    }
    for (const c of list.challenges) {
      const chain = this.recorders.get(c.cameraId)?.chain;
      const links = chain ? chain.range(c.fromSeq + 1, c.toSeq) : [];
      const link = chain?.bySeq(c.seq);
      const path = link?.kind === "segment" && link.file ? join(this.o.dir, c.cameraId, link.file) : null;
      const segmentBase64 = path && existsSync(path) ? readFileSync(path).toString("base64") : undefined;
      try {
        const verdict = await this.plane.answer(c.id, { links: links.map(publicLink), segmentBase64 });
        if (verdict.outcome !== "passed") this.o.log.error(`recording challenge ${c.id} of camera ${c.cameraId}: ${verdict.outcome} (${verdict.detail})`);
        this.emit("challenge", verdict);
      } catch (err) {
        this.o.log.warn(`recording challenge ${c.id} not answered: ${errorText(err)}`);
      }
    }
  }
}
