import { randomBytes } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";
import { type BatchReading, MAX_BATCH_READINGS } from "../../server/sensors/contracts.ts";
import { ApiRequestError, DeviceTokenRejected, type SensorApi } from "./api-client.ts";
import { Backoff, type BackoffPolicy } from "./backoff.ts";
import { errorText, type Logger } from "./log.ts";
import { type DropReason, parseMessage } from "./sensor-input.ts";
import type { SensorQueue } from "./sensor-queue.ts";

/**
 * The school's sensors → the API (issue 17). Subscribes to each registered sensor's topic at the school's MQTT broker,
 * checks every message (sensor-input.ts: garbage is counted and dropped, never thrown), gathers readings into batches
 * (every `flushMs`, or at `maxBatch`) written durably to the on-disk queue, and delivers the queue in order with
 * backoff; the API stores each reading once, so a batch whose answer was lost is harmlessly sent again. The broker
 * restarted: mqtt.js reconnects every second and subscribes again. The sensor list is re-read every `refreshMs`.
 */
export interface SensorBridgeOptions {
  mqttUrl: string;
  queue: SensorQueue;
  api: SensorApi;
  log: Logger;
  flushMs?: number;
  maxBatch?: number;
  refreshMs?: number;
  backoff?: BackoffPolicy;
  now?: () => number;
}

const DEFINITIVE = new Set([400, 403, 404, 413, 415, 422]);

export class SensorBridge {
  readonly counts: Record<"received" | "queued" | "delivered" | DropReason, number> = { received: 0, queued: 0, delivered: 0, unknown_topic: 0, not_json: 0, not_a_reading: 0, out_of_range: 0 };
  private client: MqttClient | null = null;
  private topics = new Map<string, string>();
  private buffer: BatchReading[] = [];
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  private wakeUp: (() => void) | null = null;
  private sender: Promise<void> | null = null;
  private readonly backoff: Backoff;
  private lastError = "";
  /** drops are logged at most once per reason and minute (a flooding sensor must not flood the log) */
  private lastDropLog = new Map<DropReason, number>();

  constructor(private readonly o: SensorBridgeOptions) {
    this.backoff = new Backoff(o.backoff ?? { initialMs: 1000, maxMs: 15_000, factor: 2, jitter: 0.2 });
  }

  private get now() {
    return (this.o.now ?? Date.now)();
  }

  async start(): Promise<void> {
    this.running = true;
    this.client = mqtt.connect(this.o.mqttUrl, { clientId: `mcll-gw-${randomBytes(4).toString("hex")}`, reconnectPeriod: 1000, connectTimeout: 5000, resubscribe: true });
    this.client.on("connect", () => {
      this.o.log.info(`sensors: connected to the MQTT broker ${this.o.mqttUrl}`);
      this.subscribeAll();
    });
    this.client.on("offline", () => this.o.log.warn(`sensors: the MQTT broker ${this.o.mqttUrl} is unreachable; reconnecting`));
    this.client.on("error", (err) => this.o.log.warn(`sensors: MQTT: ${errorText(err)}`));
    this.client.on("message", (topic, payload) => this.onMessage(topic, payload));
    this.timers.push(setInterval(() => this.flush(), this.o.flushMs ?? 2000));
    this.timers.push(setInterval(() => void this.refresh(), this.o.refreshMs ?? 60_000));
    await this.refresh();
    this.sender = this.deliver();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) clearInterval(t);
    this.flush();
    this.wakeUp?.();
    await this.sender;
    await this.client?.endAsync();
  }

  /** The topics to subscribe to, from the API; on failure the last list stays (readings keep flowing). */
  async refresh(): Promise<void> {
    try {
      const { sensors } = await this.o.api.fetchSensors();
      const next = new Map(sensors.map((s) => [s.topic, s.id]));
      const gone = [...this.topics.keys()].filter((t) => !next.has(t));
      const added = [...next.keys()].filter((t) => !this.topics.has(t));
      this.topics = next;
      if (gone.length) this.client?.unsubscribe(gone);
      if (added.length) {
        this.subscribeAll();
        this.o.log.info(`sensors: subscribed to ${next.size} topic(s)`);
      }
    } catch (err) {
      this.o.log.warn(`sensors: cannot read the sensor list: ${errorText(err)}; keeping ${this.topics.size} topic(s)`);
    }
  }

  private subscribeAll() {
    if (!this.client?.connected || !this.topics.size) return;
    this.client.subscribe([...this.topics.keys()], { qos: 1 }, (err) => {
      if (err) this.o.log.warn(`sensors: subscribe failed: ${errorText(err)}`);
    });
  }

  private onMessage(topic: string, payload: Buffer) {
    this.counts.received++;
    const parsed = parseMessage(this.topics, topic, payload, this.now);
    if (!parsed.ok) {
      this.counts[parsed.reason]++;
      const last = this.lastDropLog.get(parsed.reason) ?? 0;
      if (this.now - last > 60_000) {
        this.lastDropLog.set(parsed.reason, this.now);
        this.o.log.warn(`sensors: dropped a message (${parsed.reason}): ${parsed.detail.slice(0, 200)} — ${this.counts[parsed.reason]} so far`);
      }
      return;
    }
    this.buffer.push(parsed.reading);
    if (this.buffer.length >= Math.min(this.o.maxBatch ?? 500, MAX_BATCH_READINGS)) this.flush();
  }

  /** The buffered readings → one batch file on disk. */
  flush(): void {
    if (!this.buffer.length) return;
    const readings = this.buffer;
    this.buffer = [];
    const batchId = `sb_${this.now.toString(36)}_${randomBytes(4).toString("hex")}`;
    try {
      this.o.queue.enqueue({ batchId, readings });
      this.counts.queued += readings.length;
      this.wakeUp?.();
    } catch (err) {
      this.o.log.error(`sensors: ${readings.length} reading(s) lost: ${errorText(err)}`);
    }
  }

  private wait(ms: number | null) {
    return new Promise<void>((resolve) => {
      const timer = ms === null ? null : setTimeout(done, ms);
      function done() {
        if (timer) clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).then(() => {
      this.wakeUp = null;
    });
  }

  private async deliver(): Promise<void> {
    while (this.running || this.o.queue.size) {
      const head = this.o.queue.peek();
      if (!head) {
        if (!this.running) return;
        await this.wait(null);
        continue;
      }
      try {
        const result = await this.o.api.sendReadings(head.batch);
        this.o.queue.remove(head.name);
        this.counts.delivered += head.batch.readings.length;
        this.backoff.reset();
        if (this.lastError) this.o.log.info(`sensors: readings are delivered again (${this.o.queue.size} batch(es) waiting)`);
        this.lastError = "";
        if (result.unknownSensor || result.outOfWindow) this.o.log.warn(`sensors: batch ${head.batch.batchId}: the API dropped ${result.unknownSensor} reading(s) of sensors not on this gateway and ${result.outOfWindow} out of its time window`);
      } catch (err) {
        const status = err instanceof ApiRequestError ? err.status : null;
        if (status !== null && DEFINITIVE.has(status) && !(err instanceof DeviceTokenRejected)) {
          this.o.log.error(`sensors: batch ${head.batch.batchId} refused by the API: ${errorText(err)}; moved to ${this.o.queue.dir}/rejected`);
          this.o.queue.reject(head.name, errorText(err));
          continue;
        }
        if (!this.running) return;
        const delay = this.backoff.next();
        const message = errorText(err);
        if (message !== this.lastError) this.o.log.warn(`sensors: cannot deliver readings: ${message}; ${this.o.queue.size} batch(es) waiting on disk, retrying in ${(delay / 1000).toFixed(1)} s`);
        this.lastError = message;
        await this.wait(delay);
      }
    }
  }
}
