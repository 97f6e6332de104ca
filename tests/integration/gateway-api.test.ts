/**
 * The real gateway process (media/gateway/main.ts) against the real API (edge/node.ts, demo seed), the
 * real LiveKit server and real ffmpeg: the demo gateway's cameras go online in the API, a parent who gets
 * a token from the API receives only the public-visible cameras, and revoking the gateway stops it.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { type RemoteTrackPublication, Room, RoomEvent, dispose } from "@livekit/rtc-node";
import { RoomServiceClient } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveKitServer } from "../../media/livekit/dev-server.ts";
import { type DemoGateway, type Stack, type NodeApi, startStack } from "../support/stack.ts";

let stack: Stack;
let lk: LiveKitServer;
let api: NodeApi;
let demo: DemoGateway;
let gateway: ChildProcess;
let gatewayOutput = "";
const rooms: Room[] = [];

const call: Stack["call"] = (...args) => stack.call(...args);
const login = (username: string) => stack.login(username);

/** Re-checks `probe` until it returns a value (polling the API: it has no push channel for this), or fails after `ms`. */
async function eventually<T>(probe: () => Promise<T | undefined>, ms: number, what: string, every = 250): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Resolves when the gateway's output matches `re` (from now on, or already), or rejects after `ms`. */
function gatewaySays(re: RegExp, ms: number, from = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!re.test(gatewayOutput.slice(from))) return false;
      clearTimeout(timer);
      gateway.stdout!.off("data", check);
      gateway.stderr!.off("data", check);
      resolve();
      return true;
    };
    const timer = setTimeout(() => {
      gateway.stdout!.off("data", check);
      gateway.stderr!.off("data", check);
      reject(new Error(`gateway did not log ${re} within ${ms} ms:\n${gatewayOutput.slice(-3000)}`));
    }, ms);
    if (check()) return;
    gateway.stdout!.on("data", check);
    gateway.stderr!.on("data", check);
  });
}

const ffmpegChildren = (pid: number) => {
  try {
    return execFileSync("pgrep", ["-P", String(pid), "ffmpeg"], { encoding: "utf8" }).trim().split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

beforeAll(async () => {
  stack = await startStack({ name: "gw-api", livekit: true });
  ({ livekit: lk, api, demo } = stack);
  gateway = spawn(process.execPath, ["--import", "tsx", "media/gateway/main.ts"], {
    env: { ...process.env, API_URL: api.url, GATEWAY_TOKEN_FILE: stack.gatewayTokenFile, GATEWAY_FPS: "5", GATEWAY_TEST_SIZE: "320x180", GATEWAY_TOKEN: "", RECORD: "off" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  gateway.stdout!.on("data", (b: Buffer) => (gatewayOutput += b.toString()));
  gateway.stderr!.on("data", (b: Buffer) => (gatewayOutput += b.toString()));
  await gatewaySays(/connected to LiveKit/, 30_000);
}, 90_000);

afterAll(async () => {
  await Promise.all(rooms.map((r) => r.disconnect().catch(() => {})));
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((resolve) => gateway.once("exit", resolve));
    gateway.kill("SIGTERM");
    await exited;
  }
  await stack?.close();
  await dispose();
});

describe("gateway ↔ API", () => {
  it("brings every camera of the demo gateway online in the API", async () => {
    const inspector = await login("echeng.inspector");
    const list = await eventually(
      async () => {
        const res = await call("GET", `/api/v1/cameras?canteenId=${demo.canteenId}`, { token: inspector });
        expect(res.status).toBe(200);
        const mine = res.json.items.filter((c: { gatewayId: string }) => c.gatewayId === demo.gatewayId);
        return mine.length > 0 && mine.every((c: { status: string }) => c.status === "online") ? mine : undefined;
      },
      45_000,
      "every camera online",
    );
    expect(list.length).toBeGreaterThanOrEqual(6);
    for (const cam of list) expect(cam.lastSeenAt).not.toBeNull();
  }, 60_000);

  it("publishes a track per camera; a parent with an API token gets only the public-visible ones", async () => {
    const director = await login("school.director");
    const cams: { id: string; publicVisible: boolean }[] = (await call("GET", `/api/v1/cameras?canteenId=${demo.canteenId}`, { token: director })).json.items;
    const publicIds = cams.filter((c) => c.publicVisible).map((c) => c.id).sort();
    const privateIds = cams.filter((c) => !c.publicVisible).map((c) => c.id).sort();
    expect(publicIds.length).toBeGreaterThan(0);
    expect(privateIds.length).toBeGreaterThan(0);

    const parentToken = await call("POST", "/api/v1/live/token", { token: await login("school.parent"), body: { canteenId: demo.canteenId } });
    expect(parentToken.status).toBe(200);
    const room = new Room();
    rooms.push(room);
    const subscribedNames = new Set<string>();
    const allPublicSubscribed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`public cameras subscribed: ${[...subscribedNames]}`)), 30_000);
      room.on(RoomEvent.TrackSubscribed, (_t, pub) => {
        subscribedNames.add(pub.name!);
        if (publicIds.every((id) => subscribedNames.has(id))) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await room.connect(parentToken.json.url, parentToken.json.token, { autoSubscribe: false, dynacast: true });
    const gatewayPublications = () => [...(room.remoteParticipants.get(demo.gatewayId)?.trackPublications.values() ?? [])] as RemoteTrackPublication[];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`tracks published: ${gatewayPublications().map((p) => p.name)}`)), 30_000);
      const check = () => {
        if (gatewayPublications().length < cams.length) return;
        clearTimeout(timer);
        resolve();
      };
      room.on(RoomEvent.TrackPublished, check);
      check();
    });
    expect(gatewayPublications().map((p) => p.name).sort()).toEqual(cams.map((c) => c.id).sort());
    // private ones first: by the time the public ones are through, the private requests were decided
    for (const p of [...gatewayPublications()].sort((a, b) => Number(publicIds.includes(a.name!)) - Number(publicIds.includes(b.name!)))) p.setSubscribed(true);
    await allPublicSubscribed;
    await new Promise((r) => setTimeout(r, 3000)); // grace period: a permitted subscription would have arrived
    expect([...subscribedNames].sort()).toEqual(publicIds);
  }, 90_000);

  it("stops publishing and leaves the room when the gateway is revoked, then keeps asking slowly", async () => {
    const pids = ffmpegChildren(gateway.pid!);
    expect(pids.length).toBeGreaterThanOrEqual(6);
    const from = gatewayOutput.length;
    const principal = await login("school.principal");
    expect((await call("POST", `/api/v1/gateways/${demo.gatewayId}/revoke`, { token: principal })).status).toBe(200);
    // noticed at the next heartbeat (every 20 s) at the latest
    await gatewaySays(/refused the device token[\s\S]*retrying every 60 s/, 40_000, from);
    await eventually(async () => (ffmpegChildren(gateway.pid!).length === 0 ? true : undefined), 10_000, "the gateway's ffmpeg processes to end");
    const rooms = new RoomServiceClient(lk.url.replace(/^ws/, "http"), lk.apiKey, lk.apiSecret);
    const participants = await eventually(
      async () => {
        const list = await rooms.listParticipants(`canteen:${demo.canteenId}`).catch(() => []);
        return list.some((p) => p.identity === demo.gatewayId) ? undefined : list;
      },
      20_000,
      "the gateway to leave the room",
    );
    expect(participants.map((p) => p.identity)).not.toContain(demo.gatewayId);
    expect(gateway.exitCode).toBeNull(); // still running, retrying the config
  }, 70_000);

  it("logs everything, rtc-node included, as [gateway] lines", () => {
    const lines = gatewayOutput.split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\[gateway\] /);
  });

  it("stops cleanly on SIGTERM, leaving no ffmpeg behind", async () => {
    const exited = new Promise<number | null>((resolve) => gateway.once("exit", (code) => resolve(code)));
    gateway.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(ffmpegChildren(gateway.pid!)).toEqual([]);
  });
});
