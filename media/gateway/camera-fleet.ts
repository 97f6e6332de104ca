import type { GatewayCamera } from "../../server/live/contracts.ts";
import { CameraRunner, type CameraRunnerOptions, type CameraSink } from "./camera-runner.ts";
import type { WatchMode } from "./decode-mode.ts";
import type { DecodeMode } from "./ffmpeg-args.ts";

/** Told when a camera enters or leaves the configuration (the status tracker follows it). */
export interface FleetMembership {
  added(cameraId: string, now: number): void;
  removed(cameraId: string): void;
}

const sameCamera = (a: GatewayCamera, b: GatewayCamera) => a.source === b.source && a.name === b.name;

/**
 * One ffmpeg runner per configured camera. A new configuration restarts only the cameras whose source or
 * name changed, so a refresh every few minutes does not interrupt the others. A camera may be configured
 * without running (`running` says no: decoded on demand, see GatewayOptions.onDemand): it stays a member
 * (its status is tracked) while its ffmpeg is stopped.
 */
export class CameraFleet {
  private runners = new Map<string, CameraRunner>();
  /** configured cameras (told to the membership), running or not */
  private members = new Map<string, GatewayCamera>();
  /** live or sample decoding (decode-mode.ts); new runners start in it */
  private watch: WatchMode = "live";

  constructor(
    private readonly sink: CameraSink,
    private readonly o: CameraRunnerOptions,
    private readonly membership: FleetMembership,
  ) {}

  nameOf(cameraId: string): string | undefined {
    return this.members.get(cameraId)?.name ?? this.runners.get(cameraId)?.camera.name;
  }

  /** Whether ffmpeg runs (or is being restarted) for this camera. */
  isRunning(cameraId: string): boolean {
    return this.runners.has(cameraId);
  }

  /** Every camera live or sampled (a change restarts the running ffmpeg processes in the new mode). */
  setMode(watch: WatchMode): void {
    this.watch = watch;
    for (const r of this.runners.values()) r.setMode(watch);
  }

  /** Each running camera's decode mode and frames delivered so far (for tests and measurements). */
  decoding(): Map<string, { mode: DecodeMode; frames: number; runs: number }> {
    return new Map([...this.runners].map(([id, r]) => [id, { mode: r.mode, frames: r.frames, runs: r.runs }]));
  }

  /** ffmpeg pid of each camera (for measurements). */
  pids(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, r] of this.runners) if (r.pid) out.set(id, r.pid);
    return out;
  }

  reconcile(cameras: readonly GatewayCamera[], now: number, running: (camera: GatewayCamera) => boolean = () => true): void {
    const wanted = new Map(cameras.map((c) => [c.id, c]));
    for (const [id, runner] of this.runners) {
      const next = wanted.get(id);
      if (next && sameCamera(runner.camera, next) && running(next)) continue;
      this.runners.delete(id);
      void runner.stop();
    }
    for (const [id, camera] of this.members) {
      if (wanted.has(id)) continue;
      this.members.delete(id);
      this.membership.removed(id);
      this.o.log.info(`camera ${id} (${camera.name}) is no longer configured: stopped`);
    }
    for (const camera of cameras) {
      if (!this.members.has(camera.id)) this.membership.added(camera.id, now);
      this.members.set(camera.id, camera);
      if (this.runners.has(camera.id) || !running(camera)) continue;
      const runner = new CameraRunner(camera, this.sink, this.o, this.watch);
      this.runners.set(camera.id, runner);
      runner.start();
    }
  }

  /** Stops every runner and forgets every camera; resolves once their ffmpeg processes are gone. */
  stopAll(): Promise<unknown> {
    const runners = [...this.runners.values()];
    this.runners.clear();
    this.members.clear();
    return Promise.all(runners.map((r) => r.stop()));
  }
}
