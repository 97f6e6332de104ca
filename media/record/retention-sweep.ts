import { EventEmitter } from "node:events";
import { appendFileSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../gateway/log.ts";
import type { CameraRecorder } from "./camera-recorder.ts";
import { type KeptSegment, planRetention } from "./retention.ts";

/**
 * Applies planRetention to every camera's segment files: deletes what is past the retention (and, over the
 * budget, past 7 days), logs each deletion in `pruned.log`, and reports the storage state for the anchors. The
 * chain itself is never touched.
 */
export class RetentionSweep extends EventEmitter<{ low: [{ bytes: number; projected7d: number; maxBytes: number }] }> {
  /** per camera: how many of its chain's links are already pruned (their files gone) */
  private readonly prunedUpTo = new Map<string, number>();
  private last = { bytes: 0, low: false, projected7d: 0 };

  constructor(
    private readonly recorders: ReadonlyMap<string, CameraRecorder>,
    private readonly o: { retentionDays: number; maxBytes: number; log: Logger },
  ) {
    super();
  }

  private kept(): KeptSegment[] {
    const out: KeptSegment[] = [];
    for (const [id, rec] of this.recorders) {
      const links = rec.chain.all();
      let from = this.prunedUpTo.get(id) ?? 0;
      // after a restart: skip the files an earlier run already deleted
      while (from < links.length && links[from]!.kind === "segment" && !existsSync(join(rec.dir, links[from]!.file))) from++;
      this.prunedUpTo.set(id, from);
      for (let i = from; i < links.length; i++) {
        const l = links[i]!;
        if (l.kind === "segment") out.push({ cameraId: id, file: join(rec.dir, l.file), start: l.start, end: l.end, bytes: l.bytes });
      }
    }
    return out;
  }

  sweep(now: number): void {
    const plan = planRetention(this.kept(), now, this.o.retentionDays, this.o.maxBytes);
    for (const s of plan.remove) {
      rmSync(s.file, { force: true });
      appendFileSync(join(s.file, "..", "pruned.log"), `${new Date(now).toISOString()} ${s.file.split("/").pop()} ended ${new Date(s.end).toISOString()}\n`);
    }
    if (plan.low && !this.last.low) this.o.log.error(`recordings: the disk budget ${plan.low.maxBytes} B cannot hold 7 days (${plan.low.bytes} B kept, ~${plan.low.projected7d} B needed): nothing younger than 7 days is deleted; recording_storage_low raised`);
    this.last = { bytes: plan.bytesAfter, low: plan.low !== null, projected7d: plan.low?.projected7d ?? 0 };
    if (plan.low) this.emit("low", plan.low);
  }

  /** The storage state the anchors carry to the API. */
  report() {
    return { bytes: this.last.bytes, maxBytes: this.o.maxBytes, retentionDays: this.o.retentionDays, low: this.last.low, projected7dBytes: this.last.projected7d };
  }
}
