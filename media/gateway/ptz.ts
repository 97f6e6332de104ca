import { parseMessage, senderOf } from "../../server/bus/parse.ts";
import type { GatewayCamera } from "../../server/live/contracts.ts";
import { PTZ_MOVE_TIMEOUT_MS, PTZ_TOPIC, type PtzCommand, type PtzMessage, type PtzResult } from "../../server/ptz/contracts.ts";
import { postAsDevice } from "./device-post.ts";
import type { Gateway } from "./gateway.ts";
import { errorText, type Logger } from "./log.ts";
import { OnvifCamera, type OnvifTarget } from "./onvif/client.ts";
import { parseSource } from "./source.ts";

type Command = Extract<PtzMessage, { type: "ptz.command" }>;

export interface PtzDriverOptions {
  log: Logger;
  /** tells the API what came of a command (it tells the room) */
  report(r: PtzResult): Promise<unknown>;
  connect?: (t: OnvifTarget) => Promise<OnvifCamera>;
}

/**
 * The gateway's side of PTZ in the room (issue 17): carries out the commands the API puts on the `ptz` topic
 * (checked by the shared parser: only the server may send them; a malformed or forged packet is dropped and
 * logged) on the camera's ONVIF device, one at a time per camera and in order (a stop never overtakes its move),
 * and reports each outcome. A camera that stops answering mid-move fails that command with a clear error; its
 * connection is dropped and made again for the next one; other cameras are untouched.
 */
export class PtzDriver {
  private cameras = new Map<string, GatewayCamera>();
  private connections = new Map<string, Promise<OnvifCamera>>();
  private queues = new Map<string, Promise<void>>();

  constructor(private readonly o: PtzDriverOptions) {}

  configure(cameras: readonly GatewayCamera[]): void {
    this.cameras = new Map(cameras.map((c) => [c.id, c]));
    // a changed source (new credentials, another profile) is connected afresh
    for (const key of this.connections.keys()) if (![...this.cameras.values()].some((c) => c.source === key)) this.connections.delete(key);
  }

  /** A data packet from the room: true when it was on the `ptz` topic (valid or not). */
  receive(payload: Uint8Array, participant: { attributes?: Record<string, string> } | undefined | null, topic: string | undefined): boolean {
    if (topic !== PTZ_TOPIC) return false;
    const parsed = parseMessage(PTZ_TOPIC, payload, senderOf(participant));
    if (!parsed.ok) this.o.log.warn(`ignored a "${PTZ_TOPIC}" message: ${parsed.reason}`);
    else if (parsed.message.type === "ptz.command") this.enqueue(parsed.message);
    return true;
  }

  /** Resolves once every queued command has been carried out (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.queues.size) await Promise.allSettled([...this.queues.values()]);
  }

  private enqueue(m: Command): void {
    const camera = this.cameras.get(m.cameraId);
    // another gateway's camera in the same room: not ours to move
    if (!camera) return;
    const prev = this.queues.get(m.cameraId) ?? Promise.resolve();
    const next = prev.then(() => this.execute(camera, m));
    this.queues.set(m.cameraId, next);
    void next.finally(() => {
      if (this.queues.get(m.cameraId) === next) this.queues.delete(m.cameraId);
    });
  }

  private async execute(camera: GatewayCamera, m: Command): Promise<void> {
    const source = parseSource(camera.source);
    let result: PtzResult;
    if (source.kind !== "onvif") result = { commandId: m.id, cameraId: camera.id, ok: false, error: "this camera is not an ONVIF camera: the gateway cannot steer it" };
    else {
      try {
        const cam = await this.connection(camera.source, { xaddr: source.xaddr, username: source.username, password: source.password });
        const presets = await run(cam, source.profile, m.command);
        result = { commandId: m.id, cameraId: camera.id, ok: true, ...(presets ? { presets } : {}) };
      } catch (err) {
        this.connections.delete(camera.source);
        const error = `${camera.name}: ${errorText(err)}`.slice(0, 300);
        this.o.log.warn(`PTZ ${m.command.action} on camera ${camera.id} failed: ${error}`);
        result = { commandId: m.id, cameraId: camera.id, ok: false, error };
      }
    }
    await this.o.report(result).catch((err: unknown) => this.o.log.warn(`could not report PTZ command ${m.id}: ${errorText(err)}`));
  }

  private connection(key: string, t: OnvifTarget): Promise<OnvifCamera> {
    let c = this.connections.get(key);
    if (!c) {
      c = (this.o.connect ?? OnvifCamera.connect)(t);
      this.connections.set(key, c);
      c.catch(() => this.connections.delete(key));
    }
    return c;
  }
}

async function run(cam: OnvifCamera, profile: string, c: PtzCommand) {
  switch (c.action) {
    case "move":
      // the camera stops by itself if the stop never comes (closed tab, lost network)
      await cam.continuousMove(profile, { pan: c.pan, tilt: c.tilt, zoom: c.zoom }, PTZ_MOVE_TIMEOUT_MS);
      return null;
    case "stop":
      await cam.stop(profile);
      return null;
    case "goto_preset":
      await cam.gotoPreset(profile, c.preset);
      return null;
    case "save_preset":
      await cam.setPreset(profile, c.name);
      return (await cam.presets(profile)).slice(0, 64).map((p) => ({ token: p.token, name: p.name.slice(0, 64) }));
  }
}

/** The driver wired to a gateway: follows its configuration and its room, reports to the API with its device token. */
export function startPtz(gateway: Gateway, apiUrl: string, deviceToken: () => string, log: Logger): PtzDriver {
  const base = apiUrl.replace(/\/+$/, "");
  const driver = new PtzDriver({
    log,
    report: (r) => postAsDevice(`${base}/api/v1/gateway/ptz/results`, { token: deviceToken(), body: r, timeoutMs: 10_000 }),
  });
  gateway.on("config", (config) => driver.configure(config.cameras));
  gateway.on("data", (payload, participant, topic) => driver.receive(payload, participant, topic));
  return driver;
}
