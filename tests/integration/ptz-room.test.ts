/**
 * PTZ shared in the live room (issue 17) with the real parts: the ONVIF camera simulator, the real API and
 * LiveKit, the gateway process (media/gateway/main.ts) decoding the ONVIF camera, and the principal in the room
 * with @livekit/rtc-node. The inspector takes control from the principal and pans; the principal sees control
 * change hands, the command's outcome, and her picture move. The principal's own command is refused and logged;
 * a camera lost mid-move is a clear error in the room and the gateway keeps going. Credentials stay masked.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createClient } from "@libsql/client";
import { type RemoteTrack, type RemoteTrackPublication, Room, RoomEvent, TrackKind, VideoStream } from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOnvifSim, type OnvifSim } from "../../media/onvif-sim/server.ts";
import { type Stack, startStack } from "../support/stack.ts";

let stack: Stack;
let sim: OnvifSim;
let output = "";
let gateway: ChildProcess;
let cameraId: string;
let inspector: string;
let principal: string;
let room: Room;
const messages: Array<{ type: string; id?: string; ok?: boolean; error?: string | null; holder?: { name: string; rank: string } | null }> = [];
const waiters: Array<() => void> = [];
let frame: Uint8Array | null = null;
let frames = 0;

/** Resolves when `probe` holds, checked on every room message and every frame (no polling). */
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
const wake = () => waiters.splice(0).forEach((w) => w());

const ptz = (path: string, token: string, method = "POST", body?: unknown) => stack.call(method as "POST", `/api/v1/cameras/${cameraId}/ptz${path}`, { token, body });

beforeAll(async () => {
  sim = await startOnvifSim({ discovery: false, fps: 5, password: "s3cret-pw" });
  stack = await startStack({ name: "ptz-room", livekit: true, aiCamera: false });
  const director = await stack.login("school.director");
  const cams: Array<{ id: string; gatewayId: string | null; areaId: string; name: string }> = (await stack.call("GET", `/api/v1/cameras?canteenId=${stack.demo.canteenId}`, { token: director })).json.items;
  // the gateway decodes only the ONVIF camera (a 2-core machine)
  for (const c of cams) if (c.gatewayId) expect((await stack.call("PATCH", `/api/v1/cameras/${c.id}`, { token: director, body: { gatewayId: null } })).status).toBe(200);
  const created = await stack.call("POST", "/api/v1/cameras", {
    token: director,
    body: { areaId: cams[0]!.areaId, gatewayId: stack.demo.gatewayId, name: "烹饪区云台", source: `onvif://admin:s3cret-pw@${new URL(sim.baseUrl).host}/onvif/device_service?profile=sub`, ptz: true },
  });
  expect(created.status).toBe(201);
  cameraId = created.json.id;
  gateway = spawn(process.execPath, ["--import", "tsx", "media/gateway/main.ts"], {
    env: { ...process.env, API_URL: stack.api.url, GATEWAY_TOKEN_FILE: stack.gatewayTokenFile, GATEWAY_TOKEN: "", GATEWAY_FPS: "5", GATEWAY_DETECT: "off", RECORD: "off" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const s of [gateway.stdout!, gateway.stderr!]) s.on("data", (b: Buffer) => (output = (output + b.toString()).slice(-100_000)));
  inspector = await stack.login("echeng.inspector");
  principal = await stack.login("school.principal");

  const live = await stack.call("POST", "/api/v1/live/token", { token: principal, body: { canteenId: stack.demo.canteenId } });
  expect(live.status).toBe(200);
  room = new Room();
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
        frame = Uint8Array.from(f.data.subarray(0, f.width * f.height)); // the luma plane
        frames++;
        wake();
      }
    })();
  });
  await room.connect(live.json.url, live.json.token, { autoSubscribe: false, dynacast: true });
  for (const p of room.remoteParticipants.values()) for (const pub of p.trackPublications.values()) if (pub.name === cameraId) pub.setSubscribed(true);
  await when("the principal sees the ONVIF camera", () => frames > 2, 90_000);
}, 180_000);

afterAll(async () => {
  await room?.disconnect().catch(() => {});
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((r) => gateway.once("exit", r));
    gateway.kill("SIGTERM");
    await exited;
  }
  await stack?.close();
  await sim?.close().catch(() => {});
});

/** Mean absolute luma difference of two frames (0: the same picture). */
function difference(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i += 7) d += Math.abs(a[i]! - b[i]!);
  return d / (a.length / 7);
}

describe("PTZ in the room", () => {
  it("never shows the camera's password", async () => {
    const asDirector = await stack.call("GET", `/api/v1/cameras/${cameraId}`, { token: await stack.login("school.director") });
    expect(asDirector.json.source).toMatch(/^onvif:\/\/admin:••••@/);
    expect(JSON.stringify(asDirector.json)).not.toContain("s3cret-pw");
    expect((await stack.call("GET", `/api/v1/cameras/${cameraId}`, { token: inspector })).json.source).toBeNull();
  });

  it("one controller at a time: the inspector takes control from the principal, who cannot take it back; refused commands are logged", async () => {
    const mine = await ptz("/control", principal);
    expect(mine.status).toBe(200);
    expect(mine.json.holder).toMatchObject({ rank: "school" });
    await when("the room hears the principal holds control", () => messages.some((m) => m.type === "ptz.control" && m.holder?.rank === "school"));
    const taken = await ptz("/control", inspector);
    expect(taken.status).toBe(200);
    expect(taken.json.holder).toMatchObject({ rank: "regulator" });
    await when("the room hears the inspector took it", () => messages.some((m) => m.type === "ptz.control" && m.holder?.rank === "regulator"));
    expect((await ptz("/control", principal)).status).toBe(409);
    const refused = await ptz("/commands", principal, "POST", { action: "move", pan: 1, tilt: 0, zoom: 0 });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("conflict");
    expect(sim.moving().panTilt).toBe(false);
    const db = createClient({ url: stack.databaseUrl });
    const actions = (await db.execute("select action from audit_log where target_id = ? order by seq", [cameraId])).rows.map((r) => r.action);
    db.close();
    expect(actions).toEqual(expect.arrayContaining(["ptz.control_taken", "ptz.control_refused", "ptz.command_refused"]));
    // bad input: 400, never a half-done command
    expect((await ptz("/commands", inspector, "POST", { action: "move", pan: 3, tilt: 0, zoom: 0 })).status).toBe(400);
    expect((await ptz("/commands", inspector, "POST", { action: "spin" })).status).toBe(400);
    expect((await ptz("/control", await stack.login("school.parent"))).status).toBe(403);
    expect((await ptz("/control", await stack.login("huarong.inspector"))).status).toBe(404);
  });

  it("the inspector pans; the camera moves and the principal's picture moves with it", async () => {
    const before = frame!;
    const move = await ptz("/commands", inspector, "POST", { action: "move", pan: 1, tilt: 0, zoom: 0.3 });
    expect(move.status).toBe(202);
    await when("the principal hears the move carried out", () => messages.some((m) => m.type === "ptz.result" && m.id === move.json.id && m.ok));
    expect(sim.moving().panTilt).toBe(true);
    const stop = await ptz("/commands", inspector, "POST", { action: "stop" });
    await when("the stop carried out", () => messages.some((m) => m.type === "ptz.result" && m.id === stop.json.id && m.ok));
    expect(sim.moving()).toEqual({ panTilt: false, zoom: false });
    expect(sim.position().pan).toBeGreaterThan(0);
    await when("the principal's picture moved", () => frame && frame.length === before.length && difference(before, frame) > 5);
    const saved = await ptz("/commands", inspector, "POST", { action: "save_preset", name: "灶台" });
    await when("the preset saved", () => messages.some((m) => m.type === "ptz.result" && m.id === saved.json.id && m.ok));
    expect((await ptz("", principal, "GET")).json.presets).toEqual([expect.objectContaining({ name: "灶台" })]);
  });

  it("a camera lost in the middle of a move is a clear error in the room; the gateway keeps going", async () => {
    const move = await ptz("/commands", inspector, "POST", { action: "move", pan: -1, tilt: 0, zoom: 0 });
    await when("the move carried out", () => messages.some((m) => m.type === "ptz.result" && m.id === move.json.id && m.ok));
    await sim.close();
    const stop = await ptz("/commands", inspector, "POST", { action: "stop" });
    const result = await when("the failure reported", () => messages.find((m) => m.type === "ptz.result" && m.id === stop.json.id));
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/烹饪区云台: camera unreachable/) });
    expect(gateway.exitCode).toBeNull();
    // released: the principal may steer again
    expect((await ptz("/control", inspector, "DELETE")).json.holder).toBeNull();
    expect((await ptz("/control", principal)).status).toBe(200);
  });
});
