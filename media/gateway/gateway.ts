import { EventEmitter } from "node:events";
import type { GatewayConfig, Heartbeat } from "../../server/live/contracts.ts";
import type { ControlPlane } from "./api-client.ts";
import type { RuleType } from "../detect/rules.ts";
import type { Detector } from "../detect/types.ts";
import type { AlertQueue } from "./alert-queue.ts";
import { AlertSender } from "./alert-sender.ts";
import { CameraFleet } from "./camera-fleet.ts";
import { ConfigRefresher, nextConfig } from "./config-refresh.ts";
import { DetectionPipeline, type DetectionPipelineOptions } from "./detection.ts";
import { VideoDiagnosis } from "./diagnosis.ts";
import { CameraReports } from "./camera-reports.ts";
import type { DecodeOptions } from "./ffmpeg-args.ts";
import { HeartbeatSender } from "./heartbeat-sender.ts";
import type { LiveInputs } from "./live-input.ts";
import type { Logger } from "./log.ts";
import { OnDemandDecoding, type OnDemandOptions } from "./on-demand.ts";
import { DEFAULT_LIVE_LINGER_MS, type WatchMode, watchMode } from "./decode-mode.ts";
import { LivePublisher } from "./publisher.ts";
import { type StatusTransition, StatusTracker } from "./status.ts";

export interface GatewayOptions {
  ffmpeg: string;
  decode: DecodeOptions;
  maxBitrate: number;
  /** no frames for this long → offline */ offlineAfterMs: number;
  /** no frames for this long → ffmpeg restarted */ stallMs: number;
  log: Logger;
  /** how often to retry the config while the device token is refused */ revokedRetryMs?: number;
  /** AI抓拍: the alert queue (delivered even without a detector) and the detector, null when none loaded */
  detection?: { queue: AlertQueue; detector: Detector | null; modelLabelMap?: Readonly<Record<string, RuleType>>; motionGate?: DetectionPipelineOptions["motionGate"] };
  /**
   * Decode synthetic (`test:`) cameras only while someone watches the room (a viewer in it, or announced by
   * the API) and for `lingerMs` after (default 30 s); the demo city runs hundreds of them on a laptop. While
   * not decoded, `standby` says whether such a camera is reachable (null) or why not (a simulated blip): its
   * status follows as if frames came or stopped, through the same tracker and heartbeats. Other sources are
   * always decoded. Unset: every camera is decoded all the time. See on-demand.ts.
   */
  onDemand?: OnDemandOptions;
  /**
   * Decode at the sample rate (key frames only for compressed streams) while nobody watches the room, at the
   * full rate while someone does and for `liveLingerMs` after (default 30 s); decode-mode.ts. Default true:
   * live decoding of every camera is what limits a 2-core gateway (issue 17). false: always the full rate.
   */
  sampleWhenUnwatched?: boolean;
  liveLingerMs?: number;
  /** sources the gateway receives itself (GB/T 28181 channels, gb28181/wiring.ts); unset: such cameras fail with a reason */
  liveInputs?: LiveInputs;
}

export type GatewayEvents = {
  status: [StatusTransition];
  config: [GatewayConfig];
  heartbeat: [Heartbeat];
  revoked: [string];
  livekit: [{ connected: boolean; reason?: string }];
  /** every camera switched to live or sample decoding (decode-mode.ts) */
  decodeMode: [WatchMode];
  data: [payload: Uint8Array, participant: { attributes?: Record<string, string> } | undefined, topic: string | undefined];
};

/**
 * The edge gateway: keeps the configuration fresh (before the LiveKit token's half-life), runs one ffmpeg
 * per camera, publishes them into the canteen's room, and reports camera status (transitions at once,
 * the full state every `heartbeatSeconds`).
 *
 * A 401 from the API (device token revoked or unknown) stops every camera, leaves the room and then
 * retries the configuration every `revokedRetryMs` (default 60 s): un-revoking or re-provisioning the
 * token (GATEWAY_TOKEN_FILE is re-read) brings everything back without a restart.
 */
export class Gateway extends EventEmitter<GatewayEvents> {
  private config: GatewayConfig | null = null;
  private readonly fleet: CameraFleet;
  private readonly tracker: StatusTracker;
  private readonly heartbeats: HeartbeatSender;
  private publisher: LivePublisher | null = null;
  private stopped = false;
  private revoked = false;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private readonly configRefresher: ConfigRefresher;
  private configLoop: Promise<void> | null = null;
  /** null: every camera is decoded all the time */
  private readonly onDemand: OnDemandDecoding | null;
  /** the last time someone watched the room (live decoding lingers after it) */
  private watchedAt = Number.NEGATIVE_INFINITY;
  private watch: WatchMode;
  /** sampling, detection and rules (null: no detector) */
  readonly detection: DetectionPipeline | null = null;
  /** delivery of the on-disk alert queue (null: no queue configured) */
  readonly alerts: AlertSender | null = null;
  /** codec, 视频诊断 (null without an alert queue) and reference fingerprints in the heartbeat */
  private readonly reports: CameraReports;

  constructor(
    control: ControlPlane,
    private readonly o: GatewayOptions,
  ) {
    super();
    this.tracker = new StatusTracker(o.offlineAfterMs);
    this.configRefresher = new ConfigRefresher({
      fetch: () => control.fetchConfig(),
      accepted: (config) => this.resume(config),
      rejected: (message) => this.enterRevoked(message),
      stopped: () => this.stopped,
      hasConfig: () => this.config !== null,
      log: o.log,
      revokedRetryMs: o.revokedRetryMs,
    });
    this.onDemand = o.onDemand ? new OnDemandDecoding(o.onDemand) : null;
    this.fleet = new CameraFleet(
      { frame: (id, data, w, h) => this.onFrame(id, data, w, h), problem: (id, reason, final) => this.onProblem(id, reason, final), source: (id, video) => this.reports.source(id, video) },
      { ffmpeg: o.ffmpeg, decode: o.decode, stallMs: o.stallMs, log: o.log, liveInputs: o.liveInputs },
      { added: (id, now) => this.tracker.add(id, now), removed: (id) => this.tracker.remove(id) },
    );
    // nobody is known to watch before the room is joined; a viewer already there turns it live within a second
    this.watch = o.sampleWhenUnwatched === false ? "live" : "sample";
    this.fleet.setMode(this.watch);
    this.heartbeats = new HeartbeatSender({
      control,
      log: o.log,
      maySend: () => !this.stopped && !this.revoked && this.config !== null,
      cameras: () => this.reports.entries(this.tracker.snapshot()),
      onResult: (result) => this.reports.answered(result.referenceRequests ?? []) && this.heartbeats.soon(),
      onSent: (body) => this.emit("heartbeat", body),
      onAccepted: () => this.alerts?.retryNow(),
      onRevoked: async (message) => {
        await this.enterRevoked(message);
        this.configRefresher.wake();
      },
    });
    if (o.detection) {
      const alerts = new AlertSender(o.detection.queue, (a) => control.sendAlert(a), o.log);
      alerts.on("revoked", (message) => {
        void this.enterRevoked(message).then(() => this.configRefresher.wake());
      });
      this.alerts = alerts;
      if (o.detection.detector) {
        this.detection = new DetectionPipeline({ detector: o.detection.detector, queue: o.detection.queue, log: o.log, modelLabelMap: o.detection.modelLabelMap, motionGate: o.detection.motionGate, onQueued: () => alerts.wake() });
      }
    }
    const diagnosis = o.detection ? new VideoDiagnosis({ queue: o.detection.queue, log: o.log, onQueued: () => this.alerts?.wake() }) : null;
    this.reports = new CameraReports(diagnosis, o.log, (id) => this.fleet.nameOf(id));
  }

  /** Starts the loops; resolves once the first configuration was fetched (or the first attempt failed). */
  async start(): Promise<void> {
    this.stopped = false;
    const first = new Promise<void>((resolve) => {
      const done = () => resolve();
      this.once("config", done);
      this.once("revoked", done);
      setTimeout(done, 15_000).unref();
    });
    this.configLoop = this.configRefresher.run();
    this.alerts?.start();
    this.tickTimer = setInterval(() => this.tick(), 1000);
    await first;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.configRefresher.wake();
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeats.cancelSoon();
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.heartbeatTimer = this.tickTimer = null;
    await this.shutdownMedia();
    await this.detection?.stop();
    await this.alerts?.stop();
    await this.configLoop;
    await this.heartbeats.settled();
  }

  /** Current status of every configured camera. */
  statuses() {
    return this.tracker.snapshot();
  }

  /** The room's publisher while configured (playbacks publish through it too). */
  get room(): LivePublisher | null {
    return this.publisher;
  }

  /** Camera id → published track sid. */
  publishedTracks(): Map<string, string> {
    return this.publisher?.publishedTracks() ?? new Map();
  }

  /** Each running camera's decode mode and frames so far (for tests and measurements). */
  decoding() {
    return this.fleet.decoding();
  }

  /** ffmpeg pid of each camera (for measurements). */
  ffmpegPids(): Map<string, number> {
    return this.fleet.pids();
  }

  rtcStats() {
    return this.publisher?.rtcStats() ?? Promise.resolve(null);
  }

  /** Fetch the configuration now (e.g. LiveKit refused the token). */
  refreshConfig(): void {
    this.configRefresher.wake();
  }

  /** A configuration arrived: the device token is accepted (again), so alerts flow and the cameras run. */
  private resume(config: GatewayConfig): void {
    if (this.revoked) this.o.log.info("the API accepts the device token again: resuming");
    this.revoked = false;
    this.alerts?.resume();
    this.alerts?.retryNow();
    this.apply(config);
  }

  private async enterRevoked(message: string): Promise<void> {
    if (!this.revoked) {
      this.o.log.error(
        `the API refused the device token (${message}): it was revoked or is wrong. Stopped publishing every camera and left the room; ` +
          `retrying every ${Math.round((this.o.revokedRetryMs ?? 60_000) / 1000)} s (re-provision the token or un-revoke the gateway to resume)`,
      );
      this.revoked = true;
      this.alerts?.pause();
      this.emit("revoked", message);
    }
    await this.shutdownMedia();
  }

  /** Stops every camera and leaves the room (revoked, or stopping). */
  private async shutdownMedia(): Promise<void> {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    for (const id of this.tracker.ids()) this.tracker.remove(id);
    this.detection?.setCameras([]);
    this.reports.diagnosis?.setCameras([]);
    const publisher = this.publisher;
    this.publisher = null;
    this.config = null;
    await Promise.all([this.fleet.stopAll(), publisher?.stop()]);
  }

  private apply(config: GatewayConfig): void {
    const previous = this.config;
    this.config = config;
    if (!previous) {
      this.o.log.info(`gateway ${config.gatewayId} of canteen ${config.canteenId}: ${config.cameras.length} camera(s), room ${config.room}, LiveKit ${config.livekit.url}`);
    }
    if (!this.publisher) {
      this.publisher = new LivePublisher({
        log: this.o.log,
        fps: this.o.decode.fps,
        maxBitrate: this.o.maxBitrate,
        refreshCredentials: () => this.freshCredentials(),
        onConnection: (state) => this.emit("livekit", state),
        onData: (payload, participant, topic) => this.emit("data", payload, participant, topic),
        onViewer: () => this.followViewers(Date.now()),
      });
    }
    this.publisher.setCredentials({ url: config.livekit.url, token: config.livekit.token });
    this.publisher.setCameras(config.cameras);
    this.publisher.start();
    this.detection?.setCameras(config.cameras);
    this.reports.diagnosis?.setCameras(config.cameras);

    this.reconcileFleet(Date.now());

    if (!this.heartbeatTimer || previous?.heartbeatSeconds !== config.heartbeatSeconds) {
      if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = setInterval(() => this.heartbeats.send(), Math.max(1, config.heartbeatSeconds) * 1000);
    }
    this.emit("config", config);
  }

  /** For the publisher when LiveKit refused its token. */
  private async freshCredentials() {
    this.refreshConfig();
    const config = await nextConfig(this, 15_000);
    return config ? { url: config.livekit.url, token: config.livekit.token } : null;
  }

  private onFrame(cameraId: string, data: Uint8Array, width: number, height: number): void {
    const t = this.tracker.frame(cameraId, Date.now());
    if (t) this.transition(t);
    this.publisher?.pushFrame(cameraId, data, width, height);
    this.detection?.offer(cameraId, data, width, height);
    this.reports.diagnosis?.offer(cameraId, data, width, height);
  }

  private onProblem(cameraId: string, reason: string, final = false): void {
    const t = this.tracker.problem(cameraId, reason, Date.now(), final);
    if (t) this.transition(t);
  }

  private tick(): void {
    const now = Date.now();
    this.followViewers(now);
    if (this.onDemand && this.config) this.onDemandTick(this.onDemand, now);
    for (const t of this.tracker.tick(now)) this.transition(t);
  }

  private reconcileFleet(now: number): void {
    if (this.config) this.fleet.reconcile(this.config.cameras, now, (c) => this.onDemand?.shouldDecode(c, now) ?? true);
  }

  /** Live decoding while someone watches (or was announced) and a while after; sample decoding otherwise. */
  private followViewers(now: number): void {
    if (this.publisher?.watched()) this.watchedAt = now;
    if (this.o.sampleWhenUnwatched === false) return;
    const watch = watchMode(this.watchedAt, now, this.o.liveLingerMs ?? DEFAULT_LIVE_LINGER_MS);
    if (watch === this.watch) return;
    this.watch = watch;
    this.o.log.info(watch === "live" ? "a viewer in the room: decoding every camera at the full rate" : "nobody watches: decoding at the sample rate");
    this.fleet.setMode(watch);
    this.emit("decodeMode", watch);
  }

  /** onDemand: start or stop the synthetic cameras' ffmpeg with the viewers; report the idle ones' standby state. */
  private onDemandTick(onDemand: OnDemandDecoding, now: number): void {
    if (this.publisher?.watched()) onDemand.watched(now);
    this.reconcileFleet(now);
    onDemand.reportIdle(this.config!.cameras, this.fleet, this.tracker, now, (t) => this.transition(t));
  }

  private transition(t: StatusTransition): void {
    const name = this.fleet.nameOf(t.cameraId) ?? "?";
    if (t.status === "online") this.o.log.info(`camera ${t.cameraId} (${name}) is online`);
    else this.o.log.warn(`camera ${t.cameraId} (${name}) is offline: ${t.reason}`);
    this.publisher?.setCameraOffline(t.cameraId, t.status === "offline");
    this.emit("status", t);
    this.heartbeats.soon();
  }
}
