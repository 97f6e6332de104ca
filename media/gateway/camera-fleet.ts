import type { GatewayCamera } from "../../server/live/contracts.ts";
import { CameraRunner, type CameraRunnerOptions, type CameraSink } from "./camera-runner.ts";

/** Told when a camera enters or leaves the configuration (the status tracker follows it). */
export interface FleetMembership {
  added(cameraId: string, now: number): void;
  removed(cameraId: string): void;
}

const sameCamera = (a: GatewayCamera, b: GatewayCamera) => a.source === b.source && a.name === b.name;

/**
 * One ffmpeg runner per configured camera. A new configuration restarts only the cameras whose source or
 * name changed, so a refresh every few minutes does not interrupt the others.
 */
export class CameraFleet {
  private runners = new Map<string, CameraRunner>();

  constructor(
    private readonly sink: CameraSink,
    private readonly o: CameraRunnerOptions,
    private readonly membership: FleetMembership,
  ) {}

  nameOf(cameraId: string): string | undefined {
    return this.runners.get(cameraId)?.camera.name;
  }

  /** ffmpeg pid of each camera (for measurements). */
  pids(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, r] of this.runners) if (r.pid) out.set(id, r.pid);
    return out;
  }

  reconcile(cameras: readonly GatewayCamera[], now: number): void {
    const wanted = new Map(cameras.map((c) => [c.id, c]));
    for (const [id, runner] of this.runners) {
      const next = wanted.get(id);
      if (next && sameCamera(runner.camera, next)) continue;
      this.runners.delete(id);
      void runner.stop();
      if (!next) {
        this.membership.removed(id);
        this.o.log.info(`camera ${id} (${runner.camera.name}) is no longer configured: stopped`);
      }
    }
    for (const camera of cameras) {
      if (this.runners.has(camera.id)) continue;
      this.membership.added(camera.id, now);
      const runner = new CameraRunner(camera, this.sink, this.o);
      this.runners.set(camera.id, runner);
      runner.start();
    }
  }

  /** Stops every runner and forgets them; resolves once their ffmpeg processes are gone. */
  stopAll(): Promise<unknown> {
    const runners = [...this.runners.values()];
    this.runners.clear();
    return Promise.all(runners.map((r) => r.stop()));
  }
}
