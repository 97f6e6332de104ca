/**
 * Playback together through the room (issue 19) with the real parts: the gateway process (media/gateway/main.ts)
 * recording one camera into 1-second segments, the real API and LiveKit, two viewers joined with @livekit/rtc-node.
 * The inspector asks for a past time; both viewers get the track `playback:<id>` and its state on the `playback`
 * topic; the controls reach everyone; a forged control from a participant is dropped (the picture goes on); a
 * third playback is refused (429, PLAYBACK_MAX); a playback nobody watches ends by itself.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { type RemoteTrack, type RemoteTrackPublication, Room, RoomEvent, TrackKind, VideoStream } from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../support/stack.ts";

let stack: Stack;
let output = "";
let gateway: ChildProcess;
let cameraId: string;
let inspector: string;
let principal: string;
const rooms: Room[] = [];

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const v = await probe();
    if (v) return v;
  }
  throw new Error(`timed out waiting for ${what}\n${output.slice(-3000)}`);
}

interface Viewer {
  room: Room;
  states: Array<{ id: string; speed: number; paused: boolean; ended: string | null; position: number }>;
  frames: Map<string, number>;
}

async function join(token: string): Promise<Viewer> {
  const live = await stack.call("POST", "/api/v1/live/token", { token, body: { canteenId: stack.demo.canteenId } });
  expect(live.status).toBe(200);
  const room = new Room();
  rooms.push(room);
  const viewer: Viewer = { room, states: [], frames: new Map() };
  room.on(RoomEvent.DataReceived, (payload, _p, _k, topic) => topic === "playback" && viewer.states.push(JSON.parse(new TextDecoder().decode(payload))));
  room.on(RoomEvent.TrackPublished, (pub: RemoteTrackPublication) => pub.name?.startsWith("playback:") && pub.setSubscribed(true));
  room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, pub: RemoteTrackPublication) => {
    if (track.kind !== TrackKind.KIND_VIDEO || !pub.name?.startsWith("playback:")) return;
    const reader = new VideoStream(track).getReader();
    void (async () => {
      while (!(await reader.read()).done) viewer.frames.set(pub.name!, (viewer.frames.get(pub.name!) ?? 0) + 1);
    })();
  });
  await room.connect(live.json.url, live.json.token, { autoSubscribe: false, dynacast: true });
  return viewer;
}

const framesOf = (v: Viewer, id: string) => v.frames.get(`playback:${id}`) ?? 0;
const start = (at: number, token = inspector) => stack.call("POST", "/api/v1/playback", { token, body: { cameraId, at: new Date(at).toISOString() } });
const control = (id: string, body: unknown, token = inspector) => stack.call("POST", `/api/v1/playback/${id}/control`, { token, body });

beforeAll(async () => {
  stack = await startStack({ name: "rec-play", livekit: true, aiCamera: false, env: { PLAYBACK_MAX: "2" } });
  const director = await stack.login("school.director");
  const cams: Array<{ id: string; gatewayId: string | null }> = (await stack.call("GET", `/api/v1/cameras?canteenId=${stack.demo.canteenId}`, { token: director })).json.items;
  cameraId = cams.find((c) => c.gatewayId)!.id;
  for (const c of cams) if (c.id !== cameraId && c.gatewayId) expect((await stack.call("PATCH", `/api/v1/cameras/${c.id}`, { token: director, body: { gatewayId: null } })).status).toBe(200);
  gateway = spawn(process.execPath, ["--import", "tsx", "media/gateway/main.ts"], {
    env: { ...process.env, API_URL: stack.api.url, GATEWAY_TOKEN_FILE: stack.gatewayTokenFile, GATEWAY_TOKEN: "", GATEWAY_FPS: "5", GATEWAY_TEST_SIZE: "160x96", GATEWAY_DETECT: "off", RECORD_DIR: `${stack.dir}/recordings`, RECORD_SEGMENT_S: "1", RECORD_ANCHOR_S: "1", RECORD_POLL_S: "1", PLAYBACK_MAX: "2", PLAYBACK_UNWATCHED_S: "3" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const s of [gateway.stdout!, gateway.stderr!]) s.on("data", (b: Buffer) => (output = (output + b.toString()).slice(-100_000)));
  inspector = await stack.login("echeng.inspector");
  principal = await stack.login("school.principal");
  // a few seconds recorded and anchored
  await until("4 s anchored", async () => ((await stack.call("GET", `/api/v1/cameras/${cameraId}/recordings`, { token: inspector })).json.recordedMs ?? 0) >= 4000);
}, 150_000);

afterAll(async () => {
  for (const r of rooms) await r.disconnect().catch(() => {});
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((r) => gateway.once("exit", r));
    gateway.kill("SIGTERM");
    await exited;
  }
  await stack?.close();
});

describe("playback together through the room", () => {
  it("refuses bad times naming the oldest recording, an unknown camera (404) and parents", async () => {
    const future = await start(Date.now() + 3_600_000);
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.json.error.details)).toMatch(/future.*oldest recording is 20\d\d-/);
    const old = await start(Date.now() - 6 * 3_600_000);
    expect(old.status).toBe(400);
    expect(JSON.stringify(old.json.error.details)).toMatch(/older than the oldest recording.*20\d\d-/);
    const none = await stack.call("POST", "/api/v1/playback", { token: inspector, body: { cameraId: "cam_nosuchcamera1", at: new Date().toISOString() } });
    expect(none.status).toBe(404);
    const foreign = await start(Date.now() - 2000, await stack.login("huarong.inspector"));
    expect(foreign.status).toBe(404);
    const parent = await start(Date.now() - 2000, await stack.login("school.parent"));
    expect(parent.status).toBe(403);
    expect((await stack.call("POST", "/api/v1/playback", { token: inspector, body: { cameraId, at: "yesterday" } })).status).toBe(400);
  });

  it("plays a past time for everyone in the room; the controls reach everyone; forged ones are dropped", async () => {
    const [a, b] = [await join(inspector), await join(principal)];
    const day = (await stack.call("GET", `/api/v1/cameras/${cameraId}/recordings`, { token: inspector })).json;
    const at = Date.parse(day.recorded[0].start) + 500;
    const asked = performance.now();
    const res = await start(at);
    expect(res.status).toBe(201);
    const pb = res.json;
    expect(pb).toMatchObject({ cameraId, track: `playback:${pb.id}`, speed: 1, paused: false, endedAt: null });
    await until("frames in both viewers", async () => framesOf(a, pb.id) > 0 && framesOf(b, pb.id) > 0, 30_000);
    const firstFrameMs = performance.now() - asked;
    expect(firstFrameMs).toBeLessThan(15_000);
    expect(b.states.some((s) => s.id === pb.id && s.speed === 1)).toBe(true);

    expect((await control(pb.id, { action: "speed", speed: 4 })).json.speed).toBe(4);
    await until("the principal hears 4×", async () => b.states.some((s) => s.id === pb.id && s.speed === 4));
    expect((await control(pb.id, { action: "speed", speed: 3 })).status).toBe(400);
    expect((await control(pb.id, { action: "seek" })).status).toBe(400);
    expect((await control(pb.id, { action: "seek", at: new Date(Date.now() + 60_000).toISOString() })).status).toBe(400);
    const seek = await control(pb.id, { action: "seek", at: new Date(at).toISOString() }, principal);
    expect(seek.status).toBe(200);
    expect(Date.parse(seek.json.position)).toBe(at);

    // a participant forging the server's message: dropped and logged, the picture goes on
    const before = framesOf(b, pb.id);
    await a.room.localParticipant!.publishData(new TextEncoder().encode(JSON.stringify({ type: "playback.state", id: pb.id, cameraId, position: at, since: Date.now(), speed: 1, paused: false, ended: "stopped" })), { reliable: true, topic: "playback" });
    await until("the forgery logged", async () => /ignored a "playback" message: "playback" is not sent by a browser/.test(output), 15_000);
    await until("frames go on", async () => framesOf(b, pb.id) > before + 3, 15_000);

    expect((await control(pb.id, { action: "pause" })).json.paused).toBe(true);
    await until("paused everywhere", async () => b.states.some((s) => s.id === pb.id && s.paused));
    // PLAYBACK_MAX=2: a second runs beside the paused one, a third is refused with the limit
    const second = await start(at);
    expect(second.status).toBe(201);
    const third = await start(at);
    expect(third.status).toBe(429);
    expect(JSON.stringify(third.json.error)).toMatch(/PLAYBACK_MAX=2/);
    expect((await control(second.json.id, { action: "stop" })).json.endReason).toBe("stopped");
    const stopped = await control(pb.id, { action: "stop" });
    expect(stopped.json).toMatchObject({ endReason: "stopped" });
    await until("the track is gone", async () => ![...a.room.remoteParticipants.values()].some((p) => [...p.trackPublications.values()].some((t) => t.name === `playback:${pb.id}`)), 15_000);
    expect((await control(pb.id, { action: "resume" })).status).toBe(409);
    const list = await stack.call("GET", `/api/v1/canteens/${stack.demo.canteenId}/playbacks`, { token: principal });
    expect(list.json.items).toEqual([]);
    console.log(`[record-playback] play → first frame in both viewers: ${firstFrameMs.toFixed(0)} ms`);
    for (const r of [a.room, b.room]) await r.disconnect();
  }, 120_000);

  it("a playback nobody watches ends by itself and the API knows why", async () => {
    const day = (await stack.call("GET", `/api/v1/cameras/${cameraId}/recordings`, { token: inspector })).json;
    const res = await start(Date.parse(day.recorded[0].start) + 200);
    expect(res.status).toBe(201);
    const ended = await until("ended unwatched", async () => {
      const pb = await stack.call("GET", `/api/v1/playback/${res.json.id}`, { token: inspector });
      return pb.json.endReason === "unwatched" && pb.json;
    }, 30_000);
    expect(ended.endedAt).not.toBeNull();
  }, 60_000);
});
