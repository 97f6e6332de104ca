import { type ChildProcess, spawn } from "node:child_process";
import { type RemoteTrack, type RemoteTrackPublication, Room, RoomEvent, TrackKind, VideoStream } from "@livekit/rtc-node";
import { startOnvifSim, type OnvifSim } from "../../media/onvif-sim/server.ts";
import { type Stack, startStack } from "./stack.ts";

export interface PtzRoomMessage {
  type: string;
  id?: string;
  ok?: boolean;
  error?: string | null;
  holder?: { name: string; rank: string } | null;
}

/**
 * PTZ in the room with the real parts (tests/integration/ptz-room.test.ts, npm run bench:ptz): the ONVIF simulator,
 * the API and LiveKit, the gateway process decoding only an ONVIF camera added to the demo canteen, and the
 * principal in the room (@livekit/rtc-node) keeping the `ptz` messages and the camera's latest luma plane.
 */
export async function startPtzRoom(name: string) {
  const sim: OnvifSim = await startOnvifSim({ discovery: false, fps: 5, password: "s3cret-pw" });
  const stack: Stack = await startStack({ name, livekit: true, aiCamera: false });
  let output = "";
  let gateway: ChildProcess | null = null;
  const room = new Room();
  const messages: PtzRoomMessage[] = [];
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const seen = { frame: null as Uint8Array | null, frames: 0, at: 0 };

  /** Resolves when `probe` holds, checked again on every room message and frame (no polling). */
  async function when<T>(what: string, probe: () => T | null | undefined | false, ms = 30_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output.slice(-3000)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, Math.max(0, deadline - Date.now()) + 10);
      });
    }
  }

  const close = async () => {
    await room.disconnect().catch(() => {});
    if (gateway && gateway.exitCode === null) {
      const exited = new Promise((r) => gateway!.once("exit", r));
      gateway.kill("SIGTERM");
      await exited;
    }
    await stack.close();
    await sim.close().catch(() => {});
  };

  try {
    const director = await stack.login("school.director");
    const cams: Array<{ id: string; gatewayId: string | null; areaId: string }> = (await stack.call("GET", `/api/v1/cameras?canteenId=${stack.demo.canteenId}`, { token: director })).json.items;
    // the gateway decodes only the ONVIF camera (a 2-core machine)
    for (const c of cams) if (c.gatewayId && (await stack.call("PATCH", `/api/v1/cameras/${c.id}`, { token: director, body: { gatewayId: null } })).status !== 200) throw new Error("could not detach a camera");
    const created = await stack.call("POST", "/api/v1/cameras", {
      token: director,
      body: { areaId: cams[0]!.areaId, gatewayId: stack.demo.gatewayId, name: "烹饪区云台", source: `onvif://admin:s3cret-pw@${new URL(sim.baseUrl).host}/onvif/device_service?profile=sub`, ptz: true },
    });
    if (created.status !== 201) throw new Error(`could not add the ONVIF camera: ${JSON.stringify(created.json)}`);
    const cameraId: string = created.json.id;
    gateway = spawn(process.execPath, ["--import", "tsx", "media/gateway/main.ts"], {
      env: { ...process.env, API_URL: stack.api.url, GATEWAY_TOKEN_FILE: stack.gatewayTokenFile, GATEWAY_TOKEN: "", GATEWAY_FPS: "5", GATEWAY_DETECT: "off", RECORD: "off" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const s of [gateway.stdout!, gateway.stderr!]) s.on("data", (b: Buffer) => (output = (output + b.toString()).slice(-100_000)));
    const inspector = await stack.login("echeng.inspector");
    const principal = await stack.login("school.principal");

    const live = await stack.call("POST", "/api/v1/live/token", { token: principal, body: { canteenId: stack.demo.canteenId } });
    if (live.status !== 200) throw new Error("no live token");
    room.on(RoomEvent.DataReceived, (payload, _p, _k, topic) => {
      if (topic !== "ptz") return;
      messages.push(JSON.parse(new TextDecoder().decode(payload)));
      wake();
    });
    room.on(RoomEvent.TrackPublished, (pub: RemoteTrackPublication) => pub.name === cameraId && pub.setSubscribed(true));
    room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, pub: RemoteTrackPublication) => {
      if (track.kind !== TrackKind.KIND_VIDEO || pub.name !== cameraId) return;
      const reader = new VideoStream(track).getReader();
      void (async () => {
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          const f = r.value.frame;
          seen.frame = Uint8Array.from(f.data.subarray(0, f.width * f.height)); // the luma plane
          seen.frames++;
          seen.at = performance.now();
          wake();
        }
      })();
    });
    await room.connect(live.json.url, live.json.token, { autoSubscribe: false, dynacast: true });
    for (const p of room.remoteParticipants.values()) for (const pub of p.trackPublications.values()) if (pub.name === cameraId) pub.setSubscribed(true);
    await when("the principal sees the ONVIF camera", () => seen.frames > 2, 90_000);

    const ptz = (path: string, token: string, method: "GET" | "POST" | "DELETE" = "POST", body?: unknown) => stack.call(method, `/api/v1/cameras/${cameraId}/ptz${path}`, { token, body });
    return { stack, sim, cameraId, inspector, principal, gateway, messages, seen, when, ptz, close, output: () => output };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Mean absolute luma difference of two frames, sampled (0: the same picture). */
export function difference(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i += 7) d += Math.abs(a[i]! - b[i]!);
  return d / (a.length / 7);
}
