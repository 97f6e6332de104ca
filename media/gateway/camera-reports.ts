import type { Heartbeat } from "../../server/live/contracts.ts";
import type { VideoDiagnosis } from "./diagnosis.ts";
import type { SourceVideo } from "./ffmpeg-output.ts";
import type { Logger } from "./log.ts";

/**
 * What issue 17 adds to each camera's heartbeat entry: the source's codec and full size, 视频诊断's problems
 * and "good since", and the fingerprint of the current picture when the API asked for it (the school approved
 * it as the reference view). Kept apart from the status tracker, which knows online/offline only.
 */
export class CameraReports {
  private readonly sources = new Map<string, SourceVideo>();
  private referenceRequests = new Set<string>();

  constructor(
    readonly diagnosis: VideoDiagnosis | null,
    private readonly log: Logger,
    private readonly nameOf: (cameraId: string) => string | undefined,
  ) {}

  /** ffmpeg told the source's codec and size (once per run). */
  source(cameraId: string, video: SourceVideo): void {
    const before = this.sources.get(cameraId);
    this.sources.set(cameraId, video);
    if (video.codec === "hevc" && before?.codec !== "hevc") {
      this.log.warn(
        `camera ${cameraId} (${this.nameOf(cameraId) ?? "?"}) sends H.265 (${video.width}x${video.height}): decoded in software at about 1.5× the CPU of H.264 (npm run bench:codec); switch the camera to H.264 where it can`,
      );
    }
  }

  /** The tracker's entries with the issue-17 fields added. */
  entries(status: Heartbeat["cameras"]): Heartbeat["cameras"] {
    return status.map((c) => {
      const source = this.sources.get(c.id);
      const quality = c.status === "online" ? (this.diagnosis?.report(c.id, this.referenceRequests.has(c.id)) ?? {}) : {};
      return { ...c, ...(source ? { source } : {}), ...quality };
    });
  }

  /**
   * The API's answer: the cameras whose reference it still waits for. A camera no longer asked for was stored:
   * its fingerprint becomes the reference here at once. True when there are new requests (answer soon).
   */
  answered(requests: readonly string[]): boolean {
    const fresh = requests.some((id) => !this.referenceRequests.has(id));
    for (const id of this.referenceRequests) if (!requests.includes(id)) this.diagnosis?.adoptReference(id);
    this.referenceRequests = new Set(requests);
    return fresh;
  }
}
