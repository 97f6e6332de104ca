/**
 * npm run bench:gb28181 — GB/T 28181 INVITE → first frame in the room (issue 17). sipp plays the device over
 * UDP, ffmpeg sends its PS stream over RTP (640x360 H.264, a keyframe every second, as tests/fixtures/gb28181),
 * the gateway's platform side INVITEs it when the channel is configured as a camera, and a LiveKit subscriber
 * in the room timestamps the first decoded frame. Each run removes the camera (BYE) and adds it again.
 * Prints p50/p95/max and the machine's load (shared machine: read the figures with the load beside them).
 */
import { loadavg } from "node:os";
import { type RemoteTrack, Room, RoomEvent, VideoStream, dispose } from "@livekit/rtc-node";
import type { GatewayCamera, GatewayConfig } from "../../server/live/contracts.ts";
import { FixedControlPlane } from "../../media/gateway/fixed-control.ts";
import { Gateway } from "../../media/gateway/gateway.ts";
import { gbLiveInputs, wireGb28181 } from "../../media/gateway/gb28181/wiring.ts";
import { GbPlatform } from "../../media/gateway/gb28181/platform.ts";
import { silentLogger } from "../../media/gateway/log.ts";
import { startLiveKit } from "../../media/livekit/dev-server.ts";
import { mintLiveToken } from "../../media/tokens.ts";
import { sippAvailable, startSippDevice } from "../support/gb28181.ts";

const RUNS = Number(process.env.RUNS ?? 10);
const ROOM = "canteen:cnt_gbbench01";
const GATEWAY_ID = "gw_gbbench01";
const DEV = "34020000001320000001";
const CH = "34020000001310000001";
const PASSWORD = "bench-12345678";
const CAM: GatewayCamera = { id: "cam_gbbench01", name: "后厨", source: `gb28181:${DEV}/${CH}`, areaKind: "cooking", publicVisible: false };
const load = () => loadavg().map((v) => v.toFixed(2)).join(" / ");
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

if (!sippAvailable()) throw new Error("sipp (Debian package sip-tester) is required");
const lk = await startLiveKit({});
const mint = (identity: string, role: "gateway" | "inspector") =>
  mintLiveToken({ apiKey: lk.apiKey, apiSecret: lk.apiSecret, identity, name: identity, role, room: ROOM, attributes: { role, displayName: identity, orgName: "bench" } });
async function config(cameras: GatewayCamera[]): Promise<GatewayConfig> {
  const t = await mint(GATEWAY_ID, "gateway");
  return { gatewayId: GATEWAY_ID, canteenId: "cnt_gbbench01", room: ROOM, livekit: { url: lk.url, token: t.token, identity: GATEWAY_ID, expiresAt: new Date(t.expiresAt).toISOString() }, cameras, heartbeatSeconds: 5, gb28181Devices: [{ deviceId: DEV, password: PASSWORD }] };
}
const platform = new GbPlatform({ platformId: "34020000002000000001", realm: "3402000000", advertisedHost: "127.0.0.1", bindHost: "127.0.0.1", sipPort: 0, keepaliveMs: 1000, log: silentLogger });
await platform.start();
const control = new FixedControlPlane(await config([]));
const gateway = new Gateway(control, { ffmpeg: "ffmpeg", decode: { fps: 15, maxWidth: 1280, maxHeight: 720, fontFile: null, testWidth: 640, testHeight: 360 }, maxBitrate: 500_000, offlineAfterMs: 15_000, stallMs: 10_000, log: silentLogger, liveInputs: gbLiveInputs(platform) });
wireGb28181(gateway, platform, control, silentLogger);
await gateway.start();
const registered = new Promise((r) => platform.once("catalog", r));
const device = startSippDevice({ sipPort: platform.sipPort, transport: "udp", deviceId: DEV, channelId: CH, password: PASSWORD, realm: "3402000000", platformId: "34020000002000000001", streamSeconds: 600 });
const room = new Room();
const times: number[] = [];
try {
  await registered;
  await room.connect(lk.url, (await mint("u_benchviewer", "inspector")).token, { autoSubscribe: true, dynacast: true });
  console.log(`load before: ${load()}`);
  for (let i = 0; i < RUNS; i++) {
    let invitedAt = 0;
    platform.once("invite", () => (invitedAt = performance.now()));
    const track = new Promise<RemoteTrack>((resolve) => {
      const on = (t: RemoteTrack, pub: { name?: string }) => {
        if (pub.name !== CAM.id) return;
        room.off(RoomEvent.TrackSubscribed, on);
        resolve(t);
      };
      room.on(RoomEvent.TrackSubscribed, on);
    });
    control.setConfig(await config([CAM]));
    gateway.refreshConfig();
    const reader = new VideoStream(await track).getReader();
    await reader.read();
    const ms = performance.now() - invitedAt;
    await reader.cancel().catch(() => {});
    times.push(ms);
    console.log(`run ${i + 1}: INVITE → first frame ${ms.toFixed(0)} ms`);
    const gone = new Promise<void>((resolve) => {
      const on = (pub: { name?: string }) => {
        if (pub.name !== CAM.id) return;
        room.off(RoomEvent.TrackUnpublished, on);
        resolve();
      };
      room.on(RoomEvent.TrackUnpublished, on);
    });
    control.setConfig(await config([]));
    gateway.refreshConfig();
    await gone;
  }
  const s = [...times].sort((a, b) => a - b);
  console.log(`GB/T 28181 INVITE → first frame in the room  n=${s.length}  p50 ${percentile(s, 50).toFixed(0)} ms  p95 ${percentile(s, 95).toFixed(0)} ms  max ${s.at(-1)!.toFixed(0)} ms`);
  console.log(`load after: ${load()}`);
} finally {
  await room.disconnect().catch(() => {});
  await gateway.stop();
  await device.stop();
  await platform.stop();
  await lk.stop();
  await dispose();
}
