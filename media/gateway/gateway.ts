import { EventEmitter } from "node:events";
import type { GatewayEvents, GatewayOptions } from "./gateway-options.ts";
import type { GatewayConfig } from "../../server/live/contracts.ts";
import type { ControlPlane } from "./api-client.ts";
import { AlertSender } from "./alert-sender.ts";
import { CameraFleet } from "./camera-fleet.ts";
import { ConfigRefresher, nextConfig } from "./config-refresh.ts";
import { DetectionPipeline } from "./detection.ts";
import { VideoDiagnosis } from "./diagnosis.ts";
import { CameraReports } from "./camera-reports.ts";
import { HeartbeatSender } from "./heartbeat-sender.ts";
import { OnDemandDecoding } from "./on-demand.ts";
import { RoomDecodeMode, type WatchMode } from "./decode-mode.ts";
import { LivePublisher } from "./publisher.ts";
import { type StatusTransition, StatusTracker } from "./status.ts";

export type { GatewayEvents, GatewayOptions } from "./gateway-options.ts";

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
  private readonly decodeMode: RoomDecodeMode;
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
    const changed = (mode: WatchMode) => this.emit("decodeMode", mode);
    this.decodeMode = new RoomDecodeMode({ cameras: this.fleet, log: o.log, sampleWhenUnwatched: o.sampleWhenUnwatched !== false, lingerMs: o.liveLingerMs, changed });
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
    this.decodeMode.follow(this.publisher?.watched() ?? false, now);
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
