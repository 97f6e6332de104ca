import { type ChildProcess, spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/**
 * A camera's RTSP H.264 stream for the tests, made with the real parts: ffmpeg encodes a moving test pattern and
 * sends it as RTP (with its SDP) to this process, which serves it to RTSP clients over TCP (OPTIONS, DESCRIBE,
 * SETUP with interleaved channels, PLAY, TEARDOWN) — the way an IP camera answers `ffmpeg -rtsp_transport tcp -i`.
 * ffmpeg cannot serve RTSP to a pulling client itself (`-rtsp_flags listen` only receives a push), and no RTSP
 * server package is installed here. The one encode is also written to `source.h264` as it is, so a test can
 * compare what a recorder stored with what the camera sent.
 */
export async function startRtspCamera(o: { dir: string; size?: string; fps?: number; kbit?: number; ffmpeg?: string }) {
  const fps = o.fps ?? 10;
  const rtp = createSocket("udp4");
  await new Promise<void>((r) => rtp.bind(0, "127.0.0.1", r));
  const rtpPort = (rtp.address() as AddressInfo).port;
  const sdpFile = join(o.dir, "camera.sdp");
  const sourceFile = join(o.dir, "source.h264");
  const kbit = o.kbit ?? 400;
  // one encode (raw H.264 on stdout), teed here: into source.h264 as it is, and into an ffmpeg that packs it as RTP
  const encoder: ChildProcess = spawn(o.ffmpeg ?? "ffmpeg", [
    "-hide_banner", "-nostdin", "-loglevel", "error", "-re",
    "-f", "lavfi", "-i", `testsrc2=size=${o.size ?? "320x240"}:rate=${fps}`,
    "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-profile:v", "baseline", "-pix_fmt", "yuv420p",
    "-g", String(fps), "-keyint_min", String(fps), "-sc_threshold", "0", "-b:v", `${kbit}k`, "-maxrate", `${kbit}k`, "-bufsize", `${kbit}k`,
    "-f", "h264", "pipe:1",
  ], { stdio: ["ignore", "pipe", "pipe"] });
  const packer: ChildProcess = spawn(o.ffmpeg ?? "ffmpeg", [
    "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
    "-f", "h264", "-framerate", String(fps), "-i", "pipe:0",
    "-c:v", "copy", "-f", "rtp", "-sdp_file", sdpFile, `rtp://127.0.0.1:${rtpPort}?pkt_size=1200`,
  ], { stdio: ["pipe", "ignore", "pipe"] });
  const source = createWriteStream(sourceFile);
  encoder.stdout!.on("data", (b: Buffer) => {
    source.write(b);
    if (!packer.stdin!.destroyed) packer.stdin!.write(b);
  });
  encoder.stdout!.on("end", () => {
    source.end();
    packer.stdin!.end();
  });
  packer.stdin!.on("error", () => {});
  let stderr = "";
  for (const p of [encoder, packer]) p.stderr!.on("data", (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)));
  for (const deadline = Date.now() + 15_000; !existsSync(sdpFile) || !readFileSync(sdpFile, "utf8").includes("m=video"); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > deadline || encoder.exitCode !== null) throw new Error(`the RTSP camera's encoder did not start: ${stderr}`);
  }
  // the media section gets a control URL; the connection address is the server's
  const sdp = `${readFileSync(sdpFile, "utf8").replace(/c=IN IP4 \S+/g, "c=IN IP4 0.0.0.0").replace(/m=video \d+/, "m=video 0").trimEnd()}\r\na=control:track0\r\n`;

  const playing = new Set<Socket>();
  rtp.on("message", (packet) => {
    const frame = Buffer.alloc(4 + packet.length);
    frame.writeUInt8(0x24, 0);
    frame.writeUInt8(0, 1); // interleaved channel 0: RTP
    frame.writeUInt16BE(packet.length, 2);
    packet.copy(frame, 4);
    for (const s of playing) if (!s.destroyed) s.write(frame);
  });

  const server = createServer((socket) => {
    let buffered = "";
    socket.on("error", () => playing.delete(socket));
    socket.on("close", () => playing.delete(socket));
    socket.on("data", (chunk) => {
      buffered += chunk.toString("latin1");
      let end: number;
      while ((end = buffered.indexOf("\r\n\r\n")) >= 0) {
        const head = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        const [requestLine, ...lines] = head.split("\r\n");
        const [method, url] = requestLine!.split(" ");
        const header = (name: string) => lines.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim();
        const reply = (extra: string[] = [], body = "") =>
          socket.write([`RTSP/1.0 200 OK`, `CSeq: ${header("CSeq") ?? "0"}`, ...extra, ...(body ? [`Content-Length: ${Buffer.byteLength(body)}`] : []), "", body].join("\r\n"));
        if (method === "OPTIONS") reply(["Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER"]);
        else if (method === "DESCRIBE") reply([`Content-Base: ${url}/`, "Content-Type: application/sdp"], sdp);
        else if (method === "SETUP") reply(["Transport: RTP/AVP/TCP;unicast;interleaved=0-1", "Session: 12345678;timeout=60"]);
        else if (method === "PLAY") {
          reply(["Session: 12345678", "Range: npt=0.000-"]);
          playing.add(socket);
        } else if (method === "TEARDOWN") {
          reply(["Session: 12345678"]);
          playing.delete(socket);
        } else reply(["Session: 12345678"]);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `rtsp://127.0.0.1:${(server.address() as AddressInfo).port}/live`;
  return {
    url,
    fps,
    sourceFile,
    async stop() {
      for (const s of playing) s.destroy();
      await new Promise((r) => server.close(r));
      rtp.close();
      for (const p of [encoder, packer]) {
        if (p.exitCode !== null) continue;
        const exited = new Promise((r) => p.once("exit", r));
        p.kill("SIGINT");
        await exited;
      }
      await new Promise((r) => (source.closed ? r(null) : source.once("close", () => r(null))));
    },
  };
}
