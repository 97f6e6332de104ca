import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import type { AlertIngest } from "../../server/alerts/ingest-contracts.ts";
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from "../../server/detection/contracts.ts";
import type { GatewayCamera } from "../../server/live/contracts.ts";
import { toIso } from "../../server/clock/time.ts";
import { i420ToRgb } from "../detect/image.ts";
import { type CameraRuleState, evaluateFrame, initialRuleState, type RuleType, type Violation } from "../detect/rules.ts";
import { CONTEXT_COLOUR, snapshotJpeg, VIOLATION_COLOUR } from "../detect/snapshot.ts";
import type { Detection, Detector, RgbFrame } from "../detect/types.ts";
import type { Grey } from "../detect/diagnosis.ts";
import { DEFAULT_MOTION_GATE, gate, type MotionGateSettings, motionGrid } from "../detect/motion.ts";
import type { AlertQueue } from "./alert-queue.ts";
import { errorText, type Logger } from "./log.ts";

export interface SampleResult {
  cameraId: string;
  capturedAt: number;
  doneAt: number;
  detections: Detection[];
  violations: Violation[];
  /** the motion gate kept it from the detector: the rules saw the last detections again */
  gated?: boolean;
}

export type DetectionEvents = {
  sample: [SampleResult];
  /** a sample thrown away: replaced by a newer one of the same camera, or too old when its turn came */
  dropped: [{ cameraId: string; capturedAt: number; why: "superseded" | "stale" }];
  alert: [{ alert: AlertIngest; frame: RgbFrame }];
};

export interface DetectionPipelineOptions {
  detector: Detector;
  queue: AlertQueue;
  log: Logger;
  /** label → type shipped with the model (model.json) */
  modelLabelMap?: Readonly<Record<string, RuleType>>;
  /** motion gate (media/detect/motion.ts); null: every due sample goes to the detector */
  motionGate?: MotionGateSettings | null;
  /** a queued alert: wake the sender */
  onQueued?: () => void;
  now?: () => number;
}

interface CameraEntry {
  camera: GatewayCamera;
  settings: DetectionSettings;
  intervalMs: number;
  nextDueAt: number;
  state: CameraRuleState;
  /** the grid and time of the last sample given to the detector, and what it found (motion gate) */
  detected: { grid: Grey; at: number } | null;
  lastDetections: Detection[];
  /** when the camera's previous frame was offered (the frame spacing) */
  lastOfferAt: number | null;
}

interface Sample {
  cameraId: string;
  capturedAt: number;
  i420: Uint8Array;
  width: number;
  height: number;
  grid: Grey | null;
}

const UNIT = (v: number) => Math.min(1, Math.max(0, v));

/** A violation → the alert the API takes (boxes clipped to the picture, at most 50). */
export function toAlertIngest(cameraId: string, v: Violation, snapshot: Uint8Array, idempotencyKey = newIdempotencyKey(v.at)): AlertIngest {
  const boxes = v.boxes.slice(0, 50).map((d) => {
    const x = UNIT(d.box.x);
    const y = UNIT(d.box.y);
    return { x, y, w: Math.min(UNIT(d.box.w), 1 - x), h: Math.min(UNIT(d.box.h), 1 - y), label: d.label.slice(0, 40) || "?", score: UNIT(d.score) };
  });
  return {
    idempotencyKey,
    cameraId,
    type: v.type,
    confidence: UNIT(Math.round(v.confidence * 1000) / 1000),
    boxes,
    occurredAt: toIso(v.at),
    snapshotJpegBase64: Buffer.from(snapshot).toString("base64"),
  };
}

/** Unique per alert and kept with it in the queue, so every retry carries the same key. */
export const newIdempotencyKey = (at: number) => `al_${at.toString(36)}_${randomBytes(9).toString("base64url")}`;

/**
 * AI抓拍 on the gateway: takes a copy of a camera's decoded frame every 1/sampleFps seconds (the frames
 * the camera runner already decodes; no second ffmpeg), analyses samples one at a time with the one shared
 * detector, runs the rules and queues alerts on disk. Video publishing never waits for it: `offer` only
 * copies a frame when one is due, and the queue is bounded — one waiting sample per camera (a newer one
 * replaces it) and a sample older than its camera's interval when its turn comes is dropped — so a
 * detector that cannot keep up skips samples instead of falling behind.
 */
export class DetectionPipeline extends EventEmitter<DetectionEvents> {
  private cameras = new Map<string, CameraEntry>();
  private pending = new Map<string, Sample>();
  private busy = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  processed = 0;
  dropped = 0;
  /** samples the motion gate kept from the detector (the picture had not changed) */
  skipped = 0;

  constructor(private readonly o: DetectionPipelineOptions) {
    super();
    this.now = o.now ?? Date.now;
  }

  /** The configured cameras with their effective settings (absent: the platform defaults). */
  setCameras(cameras: readonly GatewayCamera[]): void {
    const next = new Map<string, CameraEntry>();
    for (const camera of cameras) {
      const settings = camera.detection ?? DEFAULT_DETECTION_SETTINGS;
      if (!settings.enabled) continue;
      const old = this.cameras.get(camera.id);
      const intervalMs = 1000 / settings.sampleFps;
      next.set(camera.id, { camera, settings, intervalMs, nextDueAt: old?.nextDueAt ?? 0, state: old?.state ?? initialRuleState(), detected: old?.detected ?? null, lastDetections: old?.lastDetections ?? [], lastOfferAt: old?.lastOfferAt ?? null });
    }
    this.cameras = next;
    for (const id of this.pending.keys()) if (!next.has(id)) this.pending.delete(id);
  }

  /** Called with every decoded frame (I420, reused after the call): copies it when a sample is due. */
  offer(cameraId: string, i420: Uint8Array, width: number, height: number): void {
    if (this.stopped) return;
    const entry = this.cameras.get(cameraId);
    if (!entry) return;
    const now = this.now();
    // the frame nearest the due time is the sample, even a little early: a camera decoded at the sample rate
    // (decode-mode.ts) delivers one frame per interval, and one a few ms early would otherwise wait for the
    // next, halving the rate. Early by at most half the spacing of the frames, so at 15 fps it is at most 33 ms.
    const spacing = entry.lastOfferAt === null ? 0 : now - entry.lastOfferAt;
    entry.lastOfferAt = now;
    if (now < entry.nextDueAt - Math.min(entry.intervalMs, spacing) / 2) return;
    entry.nextDueAt = entry.nextDueAt + entry.intervalMs > now ? entry.nextDueAt + entry.intervalMs : now + entry.intervalMs;
    let grid: Grey | null = null;
    const gateSettings = this.o.motionGate === undefined ? DEFAULT_MOTION_GATE : this.o.motionGate;
    if (gateSettings) {
      grid = motionGrid(i420, width, height);
      if (gate(grid, entry.detected, now, gateSettings) === "unchanged") {
        // the same picture: the detector would find what it found last time, so the rules see that again
        this.skipped++;
        this.evaluate(entry, cameraId, now, entry.lastDetections, { i420, width, height }, true);
        return;
      }
    }
    const previous = this.pending.get(cameraId);
    if (previous) {
      this.dropped++;
      this.emit("dropped", { cameraId, capturedAt: previous.capturedAt, why: "superseded" });
    }
    this.pending.set(cameraId, { cameraId, capturedAt: now, i420: i420.slice(), width, height, grid });
    if (!this.busy) this.idle = this.drain();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pending.clear();
    await this.idle;
  }

  private takeOldest(): Sample | null {
    let oldest: Sample | null = null;
    for (const s of this.pending.values()) if (!oldest || s.capturedAt < oldest.capturedAt) oldest = s;
    if (oldest) this.pending.delete(oldest.cameraId);
    return oldest;
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      for (let s = this.takeOldest(); s && !this.stopped; s = this.takeOldest()) {
        const entry = this.cameras.get(s.cameraId);
        if (!entry) continue;
        if (this.now() - s.capturedAt > entry.intervalMs) {
          this.dropped++;
          this.emit("dropped", { cameraId: s.cameraId, capturedAt: s.capturedAt, why: "stale" });
          continue;
        }
        await this.process(entry, s);
      }
    } finally {
      this.busy = false;
    }
  }

  private async process(entry: CameraEntry, s: Sample): Promise<void> {
    let detections: Detection[];
    try {
      // the detector letterboxes straight from I420; RGB only when an alert needs a snapshot
      detections = await this.o.detector.detect({ data: s.i420, width: s.width, height: s.height, order: "i420" });
    } catch (err) {
      this.o.log.error(`detector failed on camera ${s.cameraId}: ${errorText(err)}`);
      return;
    }
    if (this.cameras.get(s.cameraId) !== entry) return; // reconfigured meanwhile
    if (s.grid) entry.detected = { grid: s.grid, at: s.capturedAt };
    entry.lastDetections = detections;
    this.processed++;
    this.evaluate(entry, s.cameraId, s.capturedAt, detections, s, false);
  }

  /** The rules on one sample's detections (a gated sample: the last ones, and the snapshot is taken from the frame then). */
  private evaluate(entry: CameraEntry, cameraId: string, capturedAt: number, detections: Detection[], s: { i420: Uint8Array; width: number; height: number }, gated: boolean): void {
    const { state, violations } = evaluateFrame(entry.state, { settings: entry.settings, areaKind: entry.camera.areaKind, modelLabelMap: this.o.modelLabelMap }, capturedAt, detections);
    entry.state = state;
    if (violations.length) {
      const frame = i420ToRgb(s.i420, s.width, s.height);
      for (const v of violations) this.raise(entry, v, frame);
    }
    this.emit("sample", { cameraId, capturedAt, doneAt: this.now(), detections, violations, gated });
  }

  private raise(entry: CameraEntry, v: Violation, frame: RgbFrame): void {
    const drawn = v.boxes.map((d) => ({ detection: d, colour: v.type === "phone_use" && d.label === "person" ? CONTEXT_COLOUR : VIOLATION_COLOUR }));
    const alert = toAlertIngest(entry.camera.id, v, snapshotJpeg(frame, drawn));
    try {
      this.o.queue.enqueue(alert);
    } catch (err) {
      this.o.log.error(`cannot queue the ${v.type} alert of camera ${entry.camera.id}: ${errorText(err)}`);
      return;
    }
    this.o.log.info(`camera ${entry.camera.id} (${entry.camera.name}): ${v.type} (${v.confidence.toFixed(2)}), alert ${alert.idempotencyKey} queued`);
    this.emit("alert", { alert, frame });
    this.o.onQueued?.();
  }
}
