import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";

/** Per camera: the last link the API holds, and the heads taken since (hourly, at shutdown) not yet delivered. */
export interface CameraAnchorState {
  ackedSeq: number;
  heads: Array<{ seq: number; hash: string; takenAt: number }>;
  /** the API refused this camera's chain (recording_tampered): not sent again */
  rejected?: boolean;
}

/**
 * The anchors waiting for the API, on disk (`anchors.json` in the recordings folder), written to a temporary
 * file, fsync'd and renamed: an API unreachable for hours or a gateway restart loses none of them.
 */
export class AnchorState {
  private readonly path: string;
  cameras: Record<string, CameraAnchorState> = {};

  constructor(dir: string) {
    this.path = join(dir, "anchors.json");
    if (existsSync(this.path)) {
      try {
        this.cameras = (JSON.parse(readFileSync(this.path, "utf8")) as { cameras: Record<string, CameraAnchorState> }).cameras ?? {};
      } catch {
        this.cameras = {};
      }
    }
  }

  of(cameraId: string): CameraAnchorState {
    return (this.cameras[cameraId] ??= { ackedSeq: 0, heads: [] });
  }

  save(): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, JSON.stringify({ cameras: this.cameras }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }
}
