/**
 * GB/T 28181 against real parts (issue 17): sipp plays the device (REGISTER with digest, keep-alives, the
 * catalog, INVITE → 200 + SDP), ffmpeg sends its PS stream over RTP, the gateway's platform side feeds it to
 * the camera's ffmpeg and publishes it into the project's LiveKit, where a subscriber reads frames. The
 * device's keep-alive interval is 1 s here (60 s on a real device), so three missed ones take 3 s.
 */
import { createSocket } from "node:dgram";
import { type RemoteTrack, type RemoteTrackPublication, Room, RoomEvent, VideoStream, dispose } from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayCamera, GatewayConfig } from "../../server/live/contracts.ts";
import { Gateway } from "../../media/gateway/gateway.ts";
import { FixedControlPlane } from "../../media/gateway/fixed-control.ts";
import { gbLiveInputs, wireGb28181 } from "../../media/gateway/gb28181/wiring.ts";
import { GbPlatform, type GbPlatformEvents } from "../../media/gateway/gb28181/platform.ts";
import { silentLogger } from "../../media/gateway/log.ts";
import type { StatusTransition } from "../../media/gateway/status.ts";
import { type LiveKitServer, startLiveKit } from "../../media/livekit/dev-server.ts";
import { mintLiveToken } from "../../media/tokens.ts";
import { type SippDevice, sippAvailable, startSippDevice } from "../support/gb28181.ts";

const CANTEEN = "cnt_gbtest01";
const ROOM = `canteen:${CANTEEN}`;
const GATEWAY_ID = "gw_gbtest01";
const PLATFORM = "34020000002000000001";
const REALM = "3402000000";
const DEV = "34020000001320000001";
const CH = "34020000001310000001";
const PASSWORD = "kitchen-12345678";
const CAM: GatewayCamera = { id: "cam_gbkitch01", name: "后厨一号", source: `gb28181:${DEV}/${CH}`, areaKind: "cooking", publicVisible: false };

let lk: LiveKitServer;
let platform: GbPlatform;
let gateway: Gateway;
let control: FixedControlPlane;
const devices: SippDevice[] = [];
const rooms: Room[] = [];
const transitions: StatusTransition[] = [];

async function config(cameras: GatewayCamera[]): Promise<GatewayConfig> {
  const t = await mintLiveToken({ apiKey: lk.apiKey, apiSecret: lk.apiSecret, identity: GATEWAY_ID, name: GATEWAY_ID, role: "gateway", room: ROOM, attributes: { role: "gateway", displayName: "gw", orgName: "测试" } });
  return { gatewayId: GATEWAY_ID, canteenId: CANTEEN, room: ROOM, livekit: { url: lk.url, token: t.token, identity: GATEWAY_ID, expiresAt: new Date(t.expiresAt).toISOString() }, cameras, heartbeatSeconds: 2, gb28181Devices: [{ deviceId: DEV, password: PASSWORD }] };
}

function waitFor<K extends keyof GbPlatformEvents>(event: K, accept: (...args: GbPlatformEvents[K]) => boolean, ms = 15_000): Promise<GbPlatformEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      platform.off(event, on as never);
      reject(new Error(`timed out waiting for ${event}`));
    }, ms);
    const on = (...args: GbPlatformEvents[K]) => {
      if (!accept(...args)) return;
      clearTimeout(timer);
      platform.off(event, on as never);
      resolve(args);
    };
    platform.on(event, on as never);
  });
}

function status(cameraId: string, s: "online" | "offline", since: number, ms = 20_000): Promise<StatusTransition> {
  const seen = transitions.slice(since).find((t) => t.cameraId === cameraId && t.status === s);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${cameraId} ${s}`)), ms);
    const on = (t: StatusTransition) => {
      if (t.cameraId !== cameraId || t.status !== s) return;
      clearTimeout(timer);
      gateway.off("status", on);
      resolve(t);
    };
    gateway.on("status", on);
  });
}

const device = (o: { transport?: "udp" | "tcp"; deviceId?: string; password?: string } = {}) => {
  const d = startSippDevice({ sipPort: platform.sipPort, transport: o.transport ?? "udp", deviceId: o.deviceId ?? DEV, channelId: CH, password: o.password ?? PASSWORD, realm: REALM, platformId: PLATFORM, streamSeconds: 120 });
  devices.push(d);
  return d;
};

beforeAll(async () => {
  // a prerequisite, never a skip: sipp comes from Debian's sip-tester (edge/ensure-deps.sh --system)
  expect(sippAvailable(), "sipp (Debian package sip-tester) is required").toBe(true);
  lk = await startLiveKit({});
  platform = new GbPlatform({ platformId: PLATFORM, realm: REALM, advertisedHost: "127.0.0.1", bindHost: "127.0.0.1", sipPort: 0, keepaliveMs: 1000, missedKeepalives: 3, transactionTimeoutMs: 4000, log: silentLogger });
  await platform.start();
  control = new FixedControlPlane(await config([]));
  gateway = new Gateway(control, {
    ffmpeg: "ffmpeg",
    decode: { fps: 10, maxWidth: 1280, maxHeight: 720, fontFile: null, testWidth: 320, testHeight: 180 },
    maxBitrate: 500_000,
    offlineAfterMs: 10_000,
    stallMs: 10_000,
    log: silentLogger,
    liveInputs: gbLiveInputs(platform),
  });
  wireGb28181(gateway, platform, control, silentLogger);
  gateway.on("status", (t) => transitions.push(t));
  await gateway.start();
}, 60_000);

afterAll(async () => {
  await Promise.all(rooms.map((r) => r.disconnect().catch(() => {})));
  await Promise.all(devices.map((d) => d.stop()));
  await gateway?.stop();
  await platform?.stop();
  await lk?.stop();
  await dispose();
});

describe("GB/T 28181 platform side with sipp as the device", () => {
  it("refuses a wrong password with 401 and registers nobody", async () => {
    const rejected = waitFor("rejected", (e) => e.deviceId === DEV);
    const d = device({ password: "wrong-password" });
    const [e] = await rejected;
    expect(e.reason).toMatch(/wrong digest/);
    expect(platform.isOnline(DEV)).toBe(false);
    await d.stop();
    // nothing was reported to the API as registered
    expect(control.gbReports.filter((r) => r.deviceId === DEV && r.online)).toEqual([]);
  });

  it("refuses an unknown device (403) and answers malformed SIP with 400, serving on", async () => {
    const rejected = waitFor("rejected", (e) => e.deviceId === "34020000001320000999");
    const d = device({ deviceId: "34020000001320000999" });
    expect((await rejected)[0].reason).toMatch(/unknown device/);
    await d.stop();

    const socket = createSocket("udp4");
    const answers: string[] = [];
    const got400 = new Promise<void>((resolve) =>
      socket.on("message", (m) => {
        answers.push(m.toString());
        if (m.toString().startsWith("SIP/2.0 400")) resolve();
      }),
    );
    await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => r()));
    socket.send(Buffer.from("\u0000\u00ffnot SIP at all\r\n\r\n"), platform.sipPort, "127.0.0.1");
    // the start line is fine but Call-ID is missing: answerable, so answered 400
    socket.send(Buffer.from(`MESSAGE sip:${PLATFORM}@${REALM} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKx\r\nFrom: <sip:${DEV}@${REALM}>;tag=1\r\nTo: <sip:${PLATFORM}@${REALM}>\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n`), platform.sipPort, "127.0.0.1");
    await got400;
    socket.close();
    expect(answers).toHaveLength(1);
  });

  it("registers the device over UDP, reports its channels, and plays a channel in the room", async () => {
    const before = transitions.length;
    const catalog = waitFor("catalog", (e) => e.deviceId === DEV);
    device();
    const [{ channels }] = await catalog;
    expect(channels.map((c) => [c.deviceId, c.name])).toEqual([[CH, "后厨一号"]]);
    // the API hears of it: online, with the video channel
    await expect.poll(() => control.gbReports.find((r) => r.deviceId === DEV && r.channels)).toMatchObject({ online: true, channels: [{ channelId: CH, name: "后厨一号", status: "ON" }] });

    // the school adds the channel as a camera
    control.setConfig(await config([CAM]));
    gateway.refreshConfig();
    const room = new Room();
    rooms.push(room);
    await room.connect(lk.url, (await mintLiveToken({ apiKey: lk.apiKey, apiSecret: lk.apiSecret, identity: "u_viewer01", name: "viewer", role: "inspector", room: ROOM, attributes: { role: "inspector", displayName: "v", orgName: "测试" } })).token, { autoSubscribe: false, dynacast: true });
    const publication = await new Promise<RemoteTrackPublication>((resolve) => {
      const find = () => [...(room.remoteParticipants.get(GATEWAY_ID)?.trackPublications.values() ?? [])].find((p) => p.name === CAM.id);
      const found = find();
      if (found) return resolve(found);
      const on = () => {
        const p = find();
        if (!p) return;
        room.off(RoomEvent.TrackPublished, on);
        resolve(p);
      };
      room.on(RoomEvent.TrackPublished, on);
    });
    const subscribed = new Promise<RemoteTrack>((resolve) => room.on(RoomEvent.TrackSubscribed, (track, pub) => pub.name === CAM.id && resolve(track)));
    publication.setSubscribed(true);
    const track = await subscribed;
    const reader = new VideoStream(track).getReader();
    const frames: { width: number; height: number }[] = [];
    while (frames.length < 10) {
      const { value, done } = await reader.read();
      if (done) break;
      frames.push({ width: value.frame.width, height: value.frame.height });
    }
    await reader.cancel().catch(() => {});
    expect(frames).toHaveLength(10);
    // the sender's 640x360 test picture, decoded from PS and re-encoded for the room
    expect(frames.at(-1)).toEqual({ width: 640, height: 360 });
    expect((await status(CAM.id, "online", before)).status).toBe("online");
  }, 60_000);

  it("after three missed keep-alives the device and its camera are offline, with the reason", async () => {
    const before = transitions.length;
    const offline = waitFor("device", (e) => e.deviceId === DEV && !e.online);
    const killedAt = Date.now();
    // the device loses power: no BYE, no more keep-alives
    for (const d of devices) d.child.kill("SIGKILL");
    const [e] = await offline;
    expect(e.reason).toBe("3 keep-alives missed (interval 1 s)");
    // three 1 s intervals from the last keep-alive, which came up to ~1 s before the kill
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(1500);
    const t = await status(CAM.id, "offline", before);
    expect(t.reason).toMatch(/3 keep-alives missed/);
    await expect.poll(() => control.gbReports.at(-1)).toMatchObject({ deviceId: DEV, online: false, reason: "3 keep-alives missed (interval 1 s)" });
  }, 30_000);

  it("registers over TCP too and comes back: the camera plays again", async () => {
    const before = transitions.length;
    const catalog = waitFor("catalog", (e) => e.deviceId === DEV);
    device({ transport: "tcp" });
    await catalog;
    expect(platform.isOnline(DEV)).toBe(true);
    // the camera waiting out its backoff restarts as soon as its device registers (not after up to 30 s)
    const registeredAt = Date.now();
    expect((await status(CAM.id, "online", before, 40_000)).status).toBe("online");
    expect(Date.now() - registeredAt).toBeLessThan(15_000);
  }, 60_000);
});
