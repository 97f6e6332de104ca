import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { errorText, type Logger } from "../gateway/log.ts";
import type { RecordPlane } from "./api.ts";
import { publicLink } from "./chain-store.ts";
import type { CameraRecorder } from "./camera-recorder.ts";
import { ClipError, cutClip } from "./clip.ts";

/** how long past a clip's end the gateway waits for its recording to reach it before cutting what there is */
export const CLIP_WAIT_MS = 60_000;

export interface ClipRequestsOptions {
  ffmpeg: string;
  /** where clips are cut before they are uploaded (removed afterwards) */
  dir: string;
  log: Logger;
  recorders: ReadonlyMap<string, CameraRecorder>;
  /** anchors the chains' heads now and delivers them (so the API holds an anchor past the clip's segments) */
  anchorNow(): Promise<void>;
  /** the last link the API holds of a camera's chain, and whether it refused the chain */
  acked(cameraId: string): { ackedSeq: number; rejected: boolean };
  /** each clip's outcome (measurements, tests) */
  onClip?(c: { id: string; status: "ready" | "failed" | "waiting"; detail?: string; cutMs?: number; uploadMs?: number; bytes?: number }): void;
}

/**
 * The evidence clips the API asks this gateway for (issue 19 item 5): fetched with the anchors' poll and at once
 * when the API says on the `clip` topic that one waits. Each is cut from the camera's segments without re-encoding
 * (clip.ts) once the recording has reached its end, the heads are anchored so the API can check the source
 * segments against its chain, and the MP4 goes up with its sha256, its sources and the links from the API's anchor
 * before it. A clip that cannot be cut is reported with the reason (nothing recorded, camera not recorded here).
 */
export class ClipRequests {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly plane: RecordPlane,
    private readonly o: ClipRequestsOptions,
  ) {}

  /** Fetches and answers the waiting clips; a call while one runs makes it run once more. */
  poll(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.once();
      } while (this.again);
    })().finally(() => (this.running = null));
    return this.running;
  }

  private async once(now = Date.now()): Promise<void> {
    if (!this.plane.clips || !this.plane.uploadClip) return;
    let list;
    try {
      list = await this.plane.clips();
    } catch (err) {
      this.o.log.warn(`clip requests not fetched: ${errorText(err)}`);
      return;
    }
    for (const c of list.clips) {
      try {
        await this.answer(c, now);
      } catch (err) {
        this.o.log.warn(`clip ${c.id} not answered (retried at the next poll): ${errorText(err)}`);
      }
    }
  }

  private async answer(c: { id: string; cameraId: string; start: number; end: number; fromSeq: number; toSeq: number | null }, now: number): Promise<void> {
    const upload = this.plane.uploadClip!;
    const rec = this.o.recorders.get(c.cameraId);
    if (!rec) return void (await upload(c.id, { failure: "this camera is not recorded on its gateway" }), this.o.onClip?.({ id: c.id, status: "failed", detail: "not recorded" }));
    // the recording has not reached the clip's end yet (an alert's clip asks for 10 s after the detection)
    if ((rec.chain.head?.end ?? 0) < c.end && now < c.end + CLIP_WAIT_MS) return void this.o.onClip?.({ id: c.id, status: "waiting" });
    mkdirSync(this.o.dir, { recursive: true });
    const out = join(this.o.dir, `${c.id}.mp4`);
    try {
      const t0 = performance.now();
      let clip;
      try {
        clip = await cutClip(rec.chain, rec.dir, { start: c.start, end: c.end }, out, this.o.ffmpeg);
      } catch (err) {
        if (!(err instanceof ClipError)) throw err;
        await upload(c.id, { failure: err.message });
        return void this.o.onClip?.({ id: c.id, status: "failed", detail: err.message });
      }
      const cutMs = performance.now() - t0;
      const lastSource = Math.max(...clip.links.map((l) => l.seq));
      // the links up to the API's anchor after the span; none yet (a recent clip): anchor the head first
      let toSeq = c.toSeq !== null && c.toSeq >= lastSource ? c.toSeq : null;
      if (toSeq === null) {
        if (this.o.acked(c.cameraId).ackedSeq < lastSource) await this.o.anchorNow();
        const { ackedSeq, rejected } = this.o.acked(c.cameraId);
        if (rejected) {
          await upload(c.id, { failure: "the API refused this camera's recording chain (recording_tampered): the clip cannot be shown to be in it" });
          return void this.o.onClip?.({ id: c.id, status: "failed", detail: "chain rejected" });
        }
        if (ackedSeq < lastSource) return void this.o.onClip?.({ id: c.id, status: "waiting", detail: "anchors not delivered yet" });
        toSeq = ackedSeq;
      }
      const links = rec.chain.range(c.fromSeq + 1, toSeq).map(publicLink);
      const t1 = performance.now();
      await upload(c.id, { clipBase64: readFileSync(out).toString("base64"), sha256: clip.sha256, start: clip.start, end: clip.end, sources: clip.links.map((l) => ({ seq: l.seq, sha256: l.sha256 })), links });
      this.o.onClip?.({ id: c.id, status: "ready", cutMs, uploadMs: performance.now() - t1, bytes: clip.bytes });
    } finally {
      rmSync(out, { force: true });
    }
  }
}
