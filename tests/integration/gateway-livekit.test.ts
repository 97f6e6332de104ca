/**
 * The edge gateway against the real parts: the project's LiveKit server, real ffmpeg, a subscriber that
 * joins with @livekit/rtc-node. The gateway gets a fixed configuration with a LiveKit token minted here
 * (FixedControlPlane), so this needs no API; gateway-api.test.ts runs it against the API.
 */
import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { type RemoteParticipant, type RemoteTrack, type RemoteTrackPublication, Room, RoomEvent, TrackKind, VideoStream, dispose } from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayCamera, GatewayConfig } from "../../server/live/contracts.ts";
import { DEFAULT_DECODE } from "../../media/gateway/ffmpeg-args.ts";
import { Gateway } from "../../media/gateway/gateway.ts";
import { FixedControlPlane } from "../../media/gateway/fixed-control.ts";
import { findCjkFont } from "../../media/gateway/config.ts";
import { silentLogger } from "../../media/gateway/log.ts";
import type { StatusTransition } from "../../media/gateway/status.ts";
import { type LiveKitServer, startLiveKit } from "../../media/livekit/dev-server.ts";
import { mintLiveToken, type LiveRole } from "../../media/tokens.ts";

const CANTEEN = "cnt_gwtest01";
const ROOM = `canteen:${CANTEEN}`;
const GATEWAY_ID = "gw_gwtest01";
const PUBLIC_CAM: GatewayCamera = { id: "cam_dining01", name: "就餐区", source: "test:就餐区", areaKind: "dining", publicVisible: true };
const PRIVATE_CAM: GatewayCamera = { id: "cam_store001", name: "库房", source: "test:库房", areaKind: "storage", publicVisible: false };
const BROKEN_CAM: GatewayCamera = { id: "cam_broken01", name: "洗消区", source: "/nonexistent/washing.mp4", areaKind: "washing", publicVisible: true };

let lk: LiveKitServer;
/** the LiveKit server's log, to observe what no client event reports (a revoked subscription) */
let lkLog = "";
const lkLogEvents = new EventEmitter<{ line: [] }>();
const startLk = (o: { port?: number; apiKey?: string; apiSecret?: string } = {}) =>
  startLiveKit({
    ...o,
    log: (text) => {
      lkLog = (lkLog + text).slice(-200_000);
      lkLogEvents.emit("line");
    },
  });
let gateway: Gateway;
let control: FixedControlPlane;
const rooms: Room[] = [];
const transitions: StatusTransition[] = [];
const pidsSeen = new Set<number>();

const mint = (identity: string, role: LiveRole) =>
  mintLiveToken({ apiKey: lk.apiKey, apiSecret: lk.apiSecret, identity, name: identity, role, room: ROOM, attributes: { role, displayName: identity, orgName: "测试" } });

async function gatewayConfig(cameras: GatewayCamera[]): Promise<GatewayConfig> {
  const t = await mint(GATEWAY_ID, "gateway");
  return { gatewayId: GATEWAY_ID, canteenId: CANTEEN, room: ROOM, livekit: { url: lk.url, token: t.token, identity: GATEWAY_ID, expiresAt: new Date(t.expiresAt).toISOString() }, cameras, heartbeatSeconds: 2 };
}

/** Resolves with the first event (args) that satisfies `accept`, or rejects after `ms`. */
function nextEvent<A extends unknown[]>(on: (cb: (...args: A) => void) => () => void, accept: (...args: A) => boolean, ms: number, what: string): Promise<A> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const off = on((...args) => {
      if (!accept(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args);
    });
  });
}

/** A status transition of the camera, counting those already seen from index `since` of `transitions`. */
const statusEvent = (cameraId: string, status: "online" | "offline", ms = 30_000, since = 0) => {
  const seen = transitions.slice(since).find((t) => t.cameraId === cameraId && t.status === status);
  if (seen) return Promise.resolve([seen] as [StatusTransition]);
  return nextEvent<[StatusTransition]>(
    (cb) => {
      gateway.on("status", cb);
      return () => gateway.off("status", cb);
    },
    (t) => t.cameraId === cameraId && t.status === status,
    ms,
    `${cameraId} ${status}`,
  );
};

/** Joins the room as `role`; returns the room and the gateway participant's publications by track name. */
async function join(identity: string, role: LiveRole, trackCount: number) {
  const room = new Room();
  rooms.push(room);
  await room.connect(lk.url, (await mint(identity, role)).token, { autoSubscribe: false, dynacast: true });
  const publications = () => {
    const gw = room.remoteParticipants.get(GATEWAY_ID);
    return new Map([...(gw?.trackPublications.values() ?? [])].map((p) => [p.name!, p]));
  };
  if (publications().size < trackCount) {
    await nextEvent<[RemoteTrackPublication, RemoteParticipant]>(
      (cb) => {
        room.on(RoomEvent.TrackPublished, cb);
        return () => room.off(RoomEvent.TrackPublished, cb);
      },
      () => publications().size >= trackCount,
      30_000,
      `${trackCount} published tracks`,
    );
  }
  return { room, publications };
}

function subscribed(room: Room, name: string, ms = 20_000) {
  return nextEvent<[RemoteTrack, RemoteTrackPublication, RemoteParticipant]>(
    (cb) => {
      room.on(RoomEvent.TrackSubscribed, cb);
      return () => room.off(RoomEvent.TrackSubscribed, cb);
    },
    (_t, pub) => pub.name === name,
    ms,
    `subscription to ${name}`,
  );
}

/** Reads `n` frames of a subscribed track: sizes, timestamps and a digest of the first and last picture. */
async function readFrames(track: RemoteTrack, n: number, ms = 20_000) {
  const stream = new VideoStream(track);
  const reader = stream.getReader();
  const frames: { width: number; height: number; ts: bigint }[] = [];
  let first = "";
  let last = "";
  const timer = setTimeout(() => void reader.cancel(), ms);
  try {
    while (frames.length < n) {
      const { value, done } = await reader.read();
      if (done) break;
      const digest = createHash("sha1").update(value.frame.data).digest("hex");
      if (!first) first = digest;
      last = digest;
      frames.push({ width: value.frame.width, height: value.frame.height, ts: value.timestampUs });
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
  }
  return { frames, first, last };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  lk = await startLk();
  control = new FixedControlPlane(await gatewayConfig([PUBLIC_CAM, PRIVATE_CAM, BROKEN_CAM]));
  gateway = new Gateway(control, {
    ffmpeg: "ffmpeg",
    decode: { fps: 8, maxWidth: 1280, maxHeight: 720, fontFile: findCjkFont()?.file ?? null, testWidth: 320, testHeight: 180 },
    maxBitrate: 500_000,
    // short in this test, so a stalled camera's round trip fits in a test; the defaults are 15 s and 10 s
    offlineAfterMs: 2500,
    stallMs: 5000,
    revokedRetryMs: 1000,
    log: silentLogger,
  });
  gateway.on("status", (t) => transitions.push(t));
  await gateway.start();
}, 60_000);

afterAll(async () => {
  for (const pid of gateway?.ffmpegPids().values() ?? []) pidsSeen.add(pid);
  await Promise.all(rooms.map((r) => r.disconnect().catch(() => {})));
  await gateway?.stop();
  await lk?.stop();
  await dispose();
  // nothing of ours is left running
  for (const pid of pidsSeen) expect(alive(pid), `ffmpeg ${pid} still running`).toBe(false);
  expect(lk.process.exitCode !== null || lk.process.signalCode !== null).toBe(true);
});

describe("gateway → LiveKit", () => {
  it("decodes at the sample rate while nobody watches, and at the full rate as soon as a viewer joins (issue 17: decode-mode.ts)", async () => {
    const working = [PUBLIC_CAM.id, PRIVATE_CAM.id];
    const frames = () => working.map((id) => gateway.decoding().get(id)?.frames ?? 0);
    // frames per second per camera over a window (a rate needs a window: this waits on purpose)
    const rate = async (ms: number) => {
      const a = frames();
      const t = performance.now();
      await new Promise((r) => setTimeout(r, ms));
      const s = (performance.now() - t) / 1000;
      return frames().map((f, i) => (f - a[i]!) / s);
    };
    for (const id of working) await statusEvent(id, "online");
    for (const id of working) expect(gateway.decoding().get(id)?.mode).toBe("sample");
    for (const r of await rate(4000)) {
      expect(r).toBeGreaterThan(0.5); // 1 sample/s: detection and status still get frames
      expect(r).toBeLessThan(2);
    }
    const runsBefore = working.map((id) => gateway.decoding().get(id)!.runs);
    const live = nextEvent<[string]>(
      (cb) => {
        gateway.on("decodeMode", cb);
        return () => gateway.off("decodeMode", cb);
      },
      (mode) => mode === "live",
      5_000,
      "live decoding after a viewer joined",
    );
    const viewer = await join("u_inspector0", "inspector", 2);
    await live;
    for (const id of working) expect(gateway.decoding().get(id)?.mode).toBe("live");
    for (const r of await rate(3000)) expect(r).toBeGreaterThan(5); // the full 8 fps, give or take the restart
    working.forEach((id, i) => expect(gateway.decoding().get(id)!.runs).toBe(runsBefore[i]! + 1)); // one restart each, no thrash
    // the switch is not a failure: the cameras stayed online throughout
    expect(transitions.filter((t) => working.includes(t.cameraId) && t.status === "offline")).toEqual([]);
    // this viewer leaves; the next ones join at once (live decoding lingers 30 s)
    rooms.splice(rooms.indexOf(viewer.room), 1);
    await viewer.room.disconnect();
  });

  it("publishes one video track per working camera, named by camera id", async () => {
    const { room, publications } = await join("u_inspector1", "inspector", 2);
    expect([...publications().keys()].sort()).toEqual([PRIVATE_CAM.id, PUBLIC_CAM.id].sort());
    for (const p of publications().values()) expect(p.kind).toBe(TrackKind.KIND_VIDEO);
    expect(room.remoteParticipants.get(GATEWAY_ID)?.attributes).toMatchObject({ role: "gateway" });
    for (const pid of gateway.ffmpegPids().values()) pidsSeen.add(pid);
  });

  it("delivers frames that advance, at most 1280x720", async () => {
    const { room, publications } = await join("u_inspector2", "inspector", 2);
    for (const name of [PUBLIC_CAM.id, PRIVATE_CAM.id]) {
      const got = subscribed(room, name);
      publications().get(name)!.setSubscribed(true);
      const [track] = await got;
      const { frames, first, last } = await readFrames(track, 12);
      expect(frames.length).toBe(12);
      for (const f of frames) {
        expect(f.width).toBeGreaterThan(0);
        expect(f.width).toBeLessThanOrEqual(1280);
        expect(f.height).toBeLessThanOrEqual(720);
      }
      for (let i = 1; i < frames.length; i++) expect(frames[i].ts).toBeGreaterThan(frames[i - 1].ts);
      expect(last).not.toBe(first); // the picture moves
    }
  });

  it("reports the broken camera offline with a reason, the others online", async () => {
    await statusEvent(BROKEN_CAM.id, "offline");
    const beat = await nextEvent<[{ cameras: { id: string; status: string; reason?: string }[] }]>(
      (cb) => {
        gateway.on("heartbeat", cb);
        return () => gateway.off("heartbeat", cb);
      },
      (hb) => hb.cameras.length === 3,
      10_000,
      "a heartbeat with all three cameras",
    ).then(([hb]) => hb);
    const byId = new Map(beat.cameras.map((c) => [c.id, c]));
    expect(byId.get(BROKEN_CAM.id)).toMatchObject({ status: "offline", reason: expect.stringMatching(/No such file or directory/) });
    expect(byId.get(PUBLIC_CAM.id)).toMatchObject({ id: PUBLIC_CAM.id, status: "online" });
    expect(byId.get(PRIVATE_CAM.id)).toMatchObject({ id: PRIVATE_CAM.id, status: "online" });
    // each change was reported once
    expect(transitions.filter((t) => t.cameraId === BROKEN_CAM.id)).toHaveLength(1);
    expect(transitions.filter((t) => t.cameraId === PUBLIC_CAM.id)).toEqual([expect.objectContaining({ status: "online" })]);
  });

  /**
   * A parent asks for both cameras, the private one first. The server answers each request in order, so
   * once the public one is subscribed the private one has been decided; rtc-node reports no event for a
   * subscription the publisher does not permit (no TrackSubscriptionFailed), so "denied" is: still not
   * subscribed a grace period later.
   */
  async function parentSeesPublicOnly(identity: string) {
    const { room, publications } = await join(identity, "parent_rep", 2);
    const failures: string[] = [];
    room.on(RoomEvent.TrackSubscriptionFailed, (sid, _p, reason) => failures.push(`${sid}: ${reason}`));
    const privateSubscribed = subscribed(room, PRIVATE_CAM.id, 60_000);
    const publicSubscribed = subscribed(room, PUBLIC_CAM.id);
    publications().get(PRIVATE_CAM.id)!.setSubscribed(true);
    publications().get(PUBLIC_CAM.id)!.setSubscribed(true);
    const [publicTrack] = await publicSubscribed;
    expect((await readFrames(publicTrack, 5)).frames).toHaveLength(5);
    const early = await Promise.race([privateSubscribed.then(() => "subscribed"), new Promise((resolve) => setTimeout(resolve, 3000, "denied"))]);
    expect(early).toBe("denied");
    expect(publications().get(PRIVATE_CAM.id)!.subscribed).toBe(false);
    expect(publications().get(PRIVATE_CAM.id)!.track).toBeUndefined();
    expect(failures).toEqual([]);
    privateSubscribed.catch(() => {});
    return { room, publications, privateSubscribed, failures };
  }

  it("lets a parent representative subscribe to the public camera only", async () => {
    const { room, publications, privateSubscribed, failures } = await parentSeesPublicOnly("u_parent1");
    // the same request goes through as soon as the camera is made public: it was the permission
    control.setConfig(await gatewayConfig([PUBLIC_CAM, { ...PRIVATE_CAM, publicVisible: true }, BROKEN_CAM]));
    gateway.refreshConfig();
    const [privateTrack] = await privateSubscribed;
    expect((await readFrames(privateTrack, 3)).frames).toHaveLength(3);
    // and private again: the server revokes the running subscription (rtc-node has no event for it either)
    const privateSid = publications().get(PRIVATE_CAM.id)!.sid!;
    const revoked = new RegExp(`revoking subscription[^\\n]*${privateSid}|${privateSid}[^\\n]*revoking subscription`);
    const logStart = lkLog.length;
    control.setConfig(await gatewayConfig([PUBLIC_CAM, PRIVATE_CAM, BROKEN_CAM]));
    gateway.refreshConfig();
    await nextEvent(
      (cb) => {
        lkLogEvents.on("line", cb);
        return () => lkLogEvents.off("line", cb);
      },
      () => revoked.test(lkLog.slice(Math.max(0, logStart - 1000))),
      20_000,
      "LiveKit revoking the parent's subscription to the private camera",
    );
    expect(failures).toEqual([]);
  });

  it("restarts a stalled camera: offline, then online again, without touching the others", async () => {
    const pid = gateway.ffmpegPids().get(PRIVATE_CAM.id)!;
    const otherPid = gateway.ffmpegPids().get(PUBLIC_CAM.id)!;
    pidsSeen.add(pid);
    const since = transitions.length;
    const watcher = rooms[0]; // u_inspector1, still in the room
    const muteEvent = (event: RoomEvent.TrackMuted | RoomEvent.TrackUnmuted) =>
      nextEvent<[{ name?: string }, { identity: string }]>(
        (cb) => {
          watcher.on(event, cb);
          return () => watcher.off(event, cb);
        },
        (pub) => pub.name === PRIVATE_CAM.id,
        30_000,
        `${event} for ${PRIVATE_CAM.id}`,
      );
    const muted = muteEvent(RoomEvent.TrackMuted);
    const unmuted = muted.then(() => muteEvent(RoomEvent.TrackUnmuted));
    process.kill(pid, "SIGSTOP"); // frozen: no frames, no exit
    const [t] = await statusEvent(PRIVATE_CAM.id, "offline", 15_000, since);
    expect(t.reason).toMatch(/no video frames for \d+ s/);
    await muted; // viewers are told, rather than left watching a frozen picture
    await statusEvent(PRIVATE_CAM.id, "online", 30_000, since);
    await unmuted;
    const newPid = gateway.ffmpegPids().get(PRIVATE_CAM.id);
    expect(newPid).toBeDefined();
    expect(newPid).not.toBe(pid);
    expect(alive(pid)).toBe(false);
    pidsSeen.add(newPid!);
    expect(gateway.ffmpegPids().get(PUBLIC_CAM.id)).toBe(otherPid);
    expect(transitions.filter((x) => x.cameraId === PUBLIC_CAM.id)).toHaveLength(1);
  });

  const restartLiveKit = async (downUntil?: Promise<unknown>) => {
    const { port, apiKey, apiSecret } = lk;
    const exited = new Promise((resolve) => lk.process.once("exit", resolve));
    lk.kill();
    await exited;
    await downUntil;
    lk = await startLk({ port, apiKey, apiSecret });
  };
  const streamsAgain = async (identity: string) => {
    const { room, publications } = await join(identity, "inspector", 2);
    expect([...publications().keys()].sort()).toEqual([PRIVATE_CAM.id, PUBLIC_CAM.id].sort());
    const got = subscribed(room, PUBLIC_CAM.id);
    publications().get(PUBLIC_CAM.id)!.setSubscribed(true);
    const [track] = await got;
    expect((await readFrames(track, 5)).frames).toHaveLength(5);
  };

  it("rides out a short LiveKit restart (the SDK republishes) and keeps every camera published, parents still limited", async () => {
    await restartLiveKit();
    await streamsAgain("u_inspector3");
    await parentSeesPublicOnly("u_parent2");
  }, 60_000);

  it("after a long LiveKit outage, connects again with backoff and republishes every camera", async () => {
    const disconnected = nextEvent<[{ connected: boolean }]>(
      (cb) => {
        gateway.on("livekit", cb);
        return () => gateway.off("livekit", cb);
      },
      (s) => !s.connected,
      45_000,
      "the gateway giving up the old connection",
    );
    // down until the SDK's own reconnection attempts are exhausted
    await restartLiveKit(disconnected);
    await nextEvent<[{ connected: boolean }]>(
      (cb) => {
        gateway.on("livekit", cb);
        return () => gateway.off("livekit", cb);
      },
      (s) => s.connected,
      30_000,
      "the gateway connected again",
    );
    await streamsAgain("u_inspector4");
    expect(transitions.filter((x) => x.cameraId === PUBLIC_CAM.id)).toHaveLength(1); // cameras never stopped
  }, 100_000);
  it("a refused device token stops every camera and leaves the room; accepted again, it all comes back", async () => {
    const { room } = await join("u_inspector5", "inspector", 2);
    const left = nextEvent<[RemoteParticipant]>(
      (cb) => {
        room.on(RoomEvent.ParticipantDisconnected, cb);
        return () => room.off(RoomEvent.ParticipantDisconnected, cb);
      },
      (p) => p.identity === GATEWAY_ID,
      20_000,
      "the gateway leaving the room",
    );
    const revoked = nextEvent<[string]>(
      (cb) => {
        gateway.on("revoked", cb);
        return () => gateway.off("revoked", cb);
      },
      () => true,
      20_000,
      "the gateway noticing the 401",
    );
    for (const pid of gateway.ffmpegPids().values()) pidsSeen.add(pid);
    control.refused = true; // noticed at the next heartbeat (every 2 s here)
    await revoked;
    await left;
    expect(gateway.ffmpegPids().size).toBe(0);
    expect(gateway.statuses()).toEqual([]);
    const fetchesBefore = control.fetches;
    control.refused = false;
    const back = await join("u_inspector6", "inspector", 2);
    expect([...back.publications().keys()].sort()).toEqual([PRIVATE_CAM.id, PUBLIC_CAM.id].sort());
    expect(control.fetches).toBeGreaterThan(fetchesBefore);
  }, 60_000);

  it("fetches a fresh configuration when LiveKit refuses the token it has", async () => {
    const room = "canteen:cnt_gwtest02";
    const goodToken = async () =>
      (await mintLiveToken({ apiKey: lk.apiKey, apiSecret: lk.apiSecret, identity: "gw_gwtest02", name: "gw", role: "gateway", room, attributes: { role: "gateway", displayName: "gw", orgName: "x" } })).token;
    let fetches = 0;
    const other = new Gateway(
      new FixedControlPlane(async () => {
        fetches++;
        const token = fetches === 1 ? "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bm90LWEtc2lnbmF0dXJl" : await goodToken();
        return { gatewayId: "gw_gwtest02", canteenId: "cnt_gwtest02", room, livekit: { url: lk.url, token, identity: "gw_gwtest02", expiresAt: new Date(Date.now() + 600_000).toISOString() }, cameras: [], heartbeatSeconds: 20 };
      }),
      { ffmpeg: "ffmpeg", decode: { ...DEFAULT_DECODE, fontFile: null }, maxBitrate: 500_000, offlineAfterMs: 15_000, stallMs: 10_000, log: silentLogger },
    );
    try {
      const connected = nextEvent<[{ connected: boolean }]>(
        (cb) => {
          other.on("livekit", cb);
          return () => other.off("livekit", cb);
        },
        (s) => s.connected,
        20_000,
        "a connection with the fresh token",
      );
      await other.start();
      await connected;
      expect(fetches).toBe(2);
    } finally {
      await other.stop();
    }
  });
});
