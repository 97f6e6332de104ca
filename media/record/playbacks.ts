import { parseMessage, senderOf } from "../../server/bus/parse.ts";
import { PLAYBACK_TOPIC, type PlaybackMessage, playbackTrack } from "../../server/record/playback-contracts.ts";
import { positionAt } from "../../server/record/playback-rules.ts";
import { errorText, type Logger } from "../gateway/log.ts";
import type { StoredLink } from "./chain-store.ts";
import { PlaybackReader, type ReaderOptions } from "./playback-reader.ts";

export type EndReason = "unwatched" | "ended" | "failed" | "refused";

export interface PlaybacksOptions extends ReaderOptions {
  /** at most this many at once (PLAYBACK_MAX, default 2); a further one is refused and reported */
  max: number;
  /** a playback nobody in the room watches for this long stops (default 60 s) */
  unwatchedMs?: number;
  log: Logger;
  /** the camera's chain and folder (null: the camera is not recorded here) */
  recordingOf(cameraId: string): { links: readonly StoredLink[]; dir: string } | null;
  /** where the frames go: the room, as the track `playback:<id>` */
  frame(track: string, data: Uint8Array, width: number, height: number): void;
  /** the track is no longer needed (unpublish it) */
  closeTrack(track: string): void;
  /** someone (not a gateway) is in the room */
  watched(): boolean;
  /** tells the API a playback ended here */
  reportEnded(id: string, reason: EndReason, detail?: string): Promise<void>;
  /** every frame with the recording's time it shows (measurements, tests) */
  onFrame?(id: string, at: number): void;
}

interface Running {
  state: PlaybackMessage;
  reader: PlaybackReader | null;
  /** the recording's time of the last frame sent */
  at: number;
}

/**
 * The gateway's playbacks (issue 19): it follows the state the API puts on the `playback` topic of the canteen's
 * room (checked by the shared parser: only the server may send it, a malformed or forged packet is dropped and
 * logged, nothing else changes). Each runs a PlaybackReader over the camera's segments and publishes its frames as
 * the track `playback:<id>`. Stops when nobody watched for 60 s, and tells the API; refuses more than `max`.
 */
export class Playbacks {
  private readonly running = new Map<string, Running>();
  private readonly finished = new Set<string>();
  private unwatchedSince: number | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly o: PlaybacksOptions) {
    this.timer = setInterval(() => this.tick(Date.now()), 1000);
    this.timer.unref();
  }

  /** A data packet from the room: true when it was a playback message (valid or not). */
  receive(payload: Uint8Array, participant: { attributes?: Record<string, string> } | undefined | null, topic: string | undefined): boolean {
    if (topic !== PLAYBACK_TOPIC) return false;
    const parsed = parseMessage(PLAYBACK_TOPIC, payload, senderOf(participant));
    if (!parsed.ok) this.o.log.warn(`ignored a "${PLAYBACK_TOPIC}" message: ${parsed.reason}`);
    else this.apply(parsed.message);
    return true;
  }

  /** The ids playing now. */
  ids(): string[] {
    return [...this.running.keys()];
  }

  apply(msg: PlaybackMessage, now = Date.now()): void {
    const current = this.running.get(msg.id);
    if (msg.ended) return void (current && this.end(msg.id, null));
    if (this.finished.has(msg.id)) return;
    const recording = this.o.recordingOf(msg.cameraId);
    if (!recording) return; // another gateway's camera in the same room
    if (!current && this.running.size >= this.o.max) {
      this.finished.add(msg.id);
      this.o.log.warn(`playback ${msg.id} refused: ${this.o.max} already running (PLAYBACK_MAX)`);
      return void this.report(msg.id, "refused", `PLAYBACK_MAX=${this.o.max}`);
    }
    current?.reader?.stop();
    const run: Running = { state: msg, reader: null, at: current?.at ?? msg.position };
    this.running.set(msg.id, run);
    if (msg.paused) return; // the track keeps its last frame
    const from = positionAt(msg, now);
    this.o.log.info(`playback ${msg.id} of camera ${msg.cameraId} from ${new Date(from).toISOString()} at ${msg.speed}×`);
    run.reader = this.reader(msg, run, recording, from);
  }

  private reader(msg: PlaybackMessage, run: Running, recording: { links: readonly StoredLink[]; dir: string }, from: number): PlaybackReader {
    const track = playbackTrack(msg.id);
    return new PlaybackReader(recording.links, recording.dir, from, msg.speed, this.o, {
      frame: (data, w, h, at) => {
        run.at = at;
        this.o.frame(track, data, w, h);
        this.o.onFrame?.(msg.id, at);
      },
      done: (position, error) => {
        if (this.running.get(msg.id) !== run) return;
        if (error) return this.end(msg.id, "failed", error);
        // the recording grew meanwhile (playing close to now): go on from where it stopped
        const latest = this.o.recordingOf(msg.cameraId);
        const more = latest?.links.some((l) => l.kind === "segment" && l.end > position + 1000);
        if (more && latest) run.reader = this.reader(msg, run, latest, position + (msg.speed * 1000) / this.o.fps);
        else this.end(msg.id, "ended");
      },
    }, msg.id);
  }

  private end(id: string, reason: EndReason | null, detail?: string) {
    const run = this.running.get(id);
    if (!run) return;
    this.running.delete(id);
    this.finished.add(id);
    run.reader?.stop();
    this.o.closeTrack(playbackTrack(id));
    this.o.log.info(`playback ${id} ended${reason ? ` (${reason}${detail ? `: ${detail}` : ""})` : ""}`);
    if (reason) this.report(id, reason, detail);
  }

  private report(id: string, reason: EndReason, detail?: string) {
    this.o.reportEnded(id, reason, detail).catch((err) => this.o.log.warn(`could not report playback ${id} ended: ${errorText(err)}`));
  }

  private tick(now: number) {
    if (!this.running.size || this.o.watched()) {
      this.unwatchedSince = null;
      return;
    }
    this.unwatchedSince ??= now;
    if (now - this.unwatchedSince < (this.o.unwatchedMs ?? 60_000)) return;
    for (const id of this.ids()) this.end(id, "unwatched");
    this.unwatchedSince = null;
  }

  stop(): void {
    clearInterval(this.timer);
    for (const [id, run] of this.running) {
      run.reader?.stop();
      this.o.closeTrack(playbackTrack(id));
    }
    this.running.clear();
  }
}
