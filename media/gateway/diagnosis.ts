import type { AlertQueue } from "./alert-queue.ts";
import { DEFAULT_VIDEO_QUALITY, type VideoProblem, type VideoQualitySettings } from "../../server/detection/contracts.ts";
import type { GatewayCamera, HeartbeatCamera } from "../../server/live/contracts.ts";
import { toIso } from "../../server/clock/time.ts";
import { decodeFingerprint, encodeFingerprint, type FrameMetrics, measureFrame } from "../detect/diagnosis.ts";
import { diagnose, type DiagnosisState, initialDiagnosisState } from "../detect/diagnosis-rules.ts";
import { i420ToRgb } from "../detect/image.ts";
import { snapshotJpeg } from "../detect/snapshot.ts";
import { toAlertIngest } from "./detection.ts";
import { errorText, type Logger } from "./log.ts";
import { parseSource } from "./source.ts";

interface Entry {
  camera: GatewayCamera;
  settings: VideoQualitySettings;
  still: boolean;
  nextDueAt: number;
  state: DiagnosisState;
  /** when the set of active problems last changed */
  changedAt: number;
  last: FrameMetrics | null;
}

/**
 * 视频诊断 on the gateway (issue 17): every `sampleSeconds` a camera's decoded frame is measured (one pass over
 * its luma plane, ~1 ms at 720p: done inline, no copy), the rules run, and a problem that starts raises a
 * `video_quality` alert with a snapshot through the same on-disk queue as AI抓拍. The heartbeat carries each
 * camera's current problems and "good since", from which the API closes the alert. Runs whether or not a
 * detection model is loaded.
 */
export class VideoDiagnosis {
  private cameras = new Map<string, Entry>();

  constructor(private readonly o: { queue: AlertQueue; log: Logger; onQueued?: () => void; now?: () => number }) {}

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  setCameras(cameras: readonly GatewayCamera[]): void {
    const now = this.now();
    const next = new Map<string, Entry>();
    for (const camera of cameras) {
      const settings = camera.detection?.videoQuality ?? DEFAULT_VIDEO_QUALITY;
      if (!settings.enabled) continue;
      const old = this.cameras.get(camera.id);
      const still = parseSource(camera.source).kind === "image";
      next.set(camera.id, { camera, settings, still, nextDueAt: old?.nextDueAt ?? 0, state: old?.state ?? initialDiagnosisState(now), changedAt: old?.changedAt ?? now, last: old?.last ?? null });
    }
    this.cameras = next;
  }

  /** Every decoded frame (I420, reused after the call): measured when a sample is due. */
  offer(cameraId: string, i420: Uint8Array, width: number, height: number): void {
    const e = this.cameras.get(cameraId);
    if (!e) return;
    const now = this.now();
    if (now < e.nextDueAt) return;
    e.nextDueAt = now + e.settings.sampleSeconds * 1000;
    const metrics = measureFrame(i420, width, height);
    e.last = metrics;
    const reference = e.camera.referenceFingerprint ? decodeFingerprint(e.camera.referenceFingerprint) : null;
    const step = diagnose(e.state, metrics, now, e.settings, { reference, still: e.still });
    if (step.raised.length || step.cleared) e.changedAt = now;
    e.state = step.state;
    if (step.cleared) this.o.log.info(`camera ${cameraId} (${e.camera.name}): picture good again`);
    for (const p of step.raised) this.raise(e, p, i420, width, height, now, metrics);
  }

  private raise(e: Entry, problem: VideoProblem, i420: Uint8Array, width: number, height: number, at: number, m: FrameMetrics): void {
    // the whole frame is the box; its label names the problem (shown with the alert's snapshot)
    const whole = { label: problem, score: 1, box: { x: 0, y: 0, w: 1, h: 1 } };
    try {
      const frame = i420ToRgb(i420, width, height);
      const alert = toAlertIngest(e.camera.id, { type: "video_quality", confidence: 1, at, boxes: [whole] }, snapshotJpeg(frame, []));
      this.o.queue.enqueue(alert);
      this.o.log.warn(`camera ${e.camera.id} (${e.camera.name}): video ${problem} (mean ${m.mean.toFixed(0)}, std ${m.std.toFixed(1)}, sharpness ${m.sharpness.toFixed(0)}), alert ${alert.idempotencyKey} queued`);
      this.o.onQueued?.();
    } catch (err) {
      this.o.log.error(`cannot queue the video_quality alert of camera ${e.camera.id}: ${errorText(err)}`);
    }
  }

  /** What the heartbeat says of a camera: its problems now (none: good since), and its fingerprint when asked. */
  report(cameraId: string, withReference: boolean): Pick<HeartbeatCamera, "videoQuality" | "reference"> {
    const e = this.cameras.get(cameraId);
    if (!e?.last) return {};
    const out: Pick<HeartbeatCamera, "videoQuality" | "reference"> = {
      videoQuality: { problems: [...e.state.active], since: toIso(e.state.goodSince ?? e.changedAt) },
    };
    if (withReference) out.reference = encodeFingerprint(e.last.fingerprint);
    return out;
  }

  /** The camera's current fingerprint becomes its reference at once (the API's copy follows with the config). */
  adoptReference(cameraId: string): void {
    const e = this.cameras.get(cameraId);
    if (e?.last) e.camera = { ...e.camera, referenceFingerprint: encodeFingerprint(e.last.fingerprint) };
  }
}
