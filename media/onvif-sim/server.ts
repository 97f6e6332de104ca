import { randomUUID } from "node:crypto";
import dgram from "node:dgram";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { DISCOVERY_MULTICAST, probeId, probeMatches } from "../gateway/onvif/soap.ts";
import { answer, streamUrl, type SimDevice, type SimProfile } from "./device.ts";
import { initialState, moving, positionAt, type PtzState, type Vector } from "./ptz-state.ts";
import { makeScene, renderView, type Scene } from "./scene.ts";

/**
 * An ONVIF PTZ camera that does not exist (issue 17): SOAP on HTTP (device, media, PTZ services), WS-Discovery on
 * UDP, and its picture as a YUV4MPEG2 stream over HTTP (`/stream/<profile>`) that ffmpeg reads without options.
 * `GET /state` reports the position (tests, benchmarks). Never tried against a real camera's client other than
 * the npm `onvif` package.
 */
export interface OnvifSimOptions {
  name?: string;
  username?: string;
  password?: string;
  /** HTTP port (0: any free one) and the host put in the URLs it hands out */
  port?: number;
  host?: string;
  /** where probes are listened for: the WS-Discovery multicast group by default; tests use 127.0.0.1 and port 0 */
  discovery?: { address: string; port: number } | false;
  fps?: number;
  now?: () => number;
}

export interface OnvifSim {
  name: string;
  baseUrl: string;
  deviceUrl: string;
  discoveryPort: number | null;
  username: string;
  password: string;
  position(): Vector;
  moving(): { panTilt: boolean; zoom: boolean };
  close(): Promise<void>;
}

let sharedScene: Scene | null = null;

export async function startOnvifSim(o: OnvifSimOptions = {}): Promise<OnvifSim> {
  const now = o.now ?? Date.now;
  const scene = (sharedScene ??= makeScene());
  let state: PtzState = initialState(now());
  const host = o.host ?? "127.0.0.1";
  const fps = Math.min(30, Math.max(1, o.fps ?? 5));
  const profiles: SimProfile[] = [
    { token: "main", name: "主码流 1280x720", width: 1280, height: 720 },
    { token: "sub", name: "子码流 640x360", width: 640, height: 360 },
  ];
  const device: SimDevice = {
    name: o.name ?? "ONVIF 模拟云台摄像机",
    manufacturer: "Mingchu Sim",
    model: "SIM-PTZ-1",
    serial: randomUUID().slice(0, 8),
    username: o.username ?? "admin",
    password: o.password ?? "admin123",
    baseUrl: "",
    profiles,
    fps,
  };
  const streams = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (req.method === "POST" && path.startsWith("/onvif/")) {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        // a SOAP request is a few kB: anything far larger is not one
        if (size > 256 * 1024) req.destroy();
        else chunks.push(c);
      });
      req.on("end", () => {
        const a = answer(Buffer.concat(chunks).toString("utf8"), device, state, now());
        if (a.state) state = a.state;
        res.writeHead(a.status, { "content-type": "application/soap+xml; charset=utf-8" }).end(a.body);
      });
      return;
    }
    if (req.method === "GET" && path === "/state") {
      const t = now();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ position: positionAt(state, t), moving: moving(state, t), presets: state.presets }));
      return;
    }
    const profile = req.method === "GET" && path.startsWith("/stream/") ? profiles.find((p) => p.token === decodeURIComponent(path.slice(8))) : undefined;
    if (profile) return stream(res, profile);
    res.writeHead(404).end();
  });

  function stream(res: http.ServerResponse, p: SimProfile) {
    streams.add(res);
    res.writeHead(200, { "content-type": "video/x-yuv4mpeg" });
    res.write(`YUV4MPEG2 W${p.width} H${p.height} F${fps}:1 Ip A1:1 C420jpeg\n`);
    let last = "";
    let frame: Uint8Array = new Uint8Array(0);
    const tick = () => {
      // a viewer that cannot keep up misses frames rather than piling them up in memory
      if (res.writableNeedDrain) return;
      const pos = positionAt(state, now());
      const key = `${pos.pan},${pos.tilt},${pos.zoom}`;
      if (key !== last) {
        frame = renderView(scene, pos, p.width, p.height);
        last = key;
      }
      res.write("FRAME\n");
      res.write(frame);
    };
    tick();
    const timer = setInterval(tick, 1000 / fps);
    const end = () => {
      clearInterval(timer);
      streams.delete(res);
    };
    res.on("close", end);
    res.on("error", end);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, host === "localhost" ? "127.0.0.1" : "0.0.0.0", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  device.baseUrl = `http://${host}:${port}`;

  let udp: dgram.Socket | null = null;
  let discoveryPort: number | null = null;
  if (o.discovery !== false) {
    const d = o.discovery ?? DISCOVERY_MULTICAST;
    const multicast = d.address === DISCOVERY_MULTICAST.address;
    udp = dgram.createSocket({ type: "udp4", reuseAddr: true });
    udp.on("message", (msg, rinfo) => {
      const id = probeId(msg.toString("utf8"));
      // anything that is not a probe (a malformed datagram, another device's answer) is ignored, as devices do
      if (id === null) return;
      const reply = probeMatches(id, `urn:uuid:${randomUUID()}`, {
        endpoint: `urn:uuid:sim-${device.serial}`,
        xaddrs: [`${device.baseUrl}/onvif/device_service`],
        scopes: [
          "onvif://www.onvif.org/type/video_encoder",
          "onvif://www.onvif.org/type/ptz",
          `onvif://www.onvif.org/name/${encodeURIComponent(device.name)}`,
          `onvif://www.onvif.org/hardware/${device.model}`,
        ],
      });
      udp!.send(reply, rinfo.port, rinfo.address);
    });
    udp.on("error", (err) => console.warn(`[onvif-sim] discovery socket: ${err.message}`));
    await new Promise<void>((resolve) => udp!.bind(d.port, multicast ? undefined : d.address, () => resolve()));
    if (multicast) udp.addMembership(d.address);
    discoveryPort = udp.address().port;
  }

  return {
    name: device.name,
    baseUrl: device.baseUrl,
    deviceUrl: `${device.baseUrl}/onvif/device_service`,
    discoveryPort,
    username: device.username,
    password: device.password,
    position: () => positionAt(state, now()),
    moving: () => moving(state, now()),
    async close() {
      for (const r of streams) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (udp) await new Promise<void>((r) => udp!.close(() => r()));
    },
  };
}

export { streamUrl };
