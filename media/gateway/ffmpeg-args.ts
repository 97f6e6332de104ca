import { CLOCK_TEXT, escapeDrawtextText, filter } from "./filtergraph.ts";
import type { CameraSource } from "./source.ts";

export interface DecodeOptions {
  /** output frame rate (frames per second) */
  fps: number;
  /** frames are scaled down (never up) to fit this box, keeping the aspect ratio, with even dimensions */
  maxWidth: number;
  maxHeight: number;
  /** CJK font for the synthetic source's text; null draws the picture without text */
  fontFile: string | null;
  /** size of the synthetic picture */
  testWidth: number;
  testHeight: number;
  /** drawn when a `test:` source has no label of its own (the camera's name) */
  fallbackLabel?: string;
  /** ffmpeg -loglevel; `info` is needed to learn the output size from stderr */
  logLevel?: string;
  /** frames per second while in `sample` mode (nobody watches: only what detection and status need; default 1) */
  sampleFps?: number;
}

/**
 * How a camera is decoded (decode-mode.ts decides): `live` at the full rate, for viewers and detection;
 * `sample` at sampleFps only (nobody watches), decoding only key frames of a compressed stream (`keyFrames`;
 * a stream without any would give no picture: CameraRunner falls back to `sample-all`, every frame decoded
 * and then thinned).
 */
export type DecodeMode = "live" | "sample" | "sample-all";

/** The output rate of a mode. */
export const modeFps = (mode: DecodeMode, o: DecodeOptions): number => (mode === "live" ? o.fps : Math.min(o.fps, o.sampleFps ?? 1));

export const DEFAULT_DECODE: Omit<DecodeOptions, "fontFile"> = { fps: 15, maxWidth: 1280, maxHeight: 720, testWidth: 640, testHeight: 360 };

const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);

/**
 * Input options and URL of each kind of source. In `sample` mode a compressed stream's decoder skips every
 * frame but key frames (`-skip_frame nokey`: an H.264/H.265 camera's GOP is 1–4 s, so a sample every GOP at
 * most, for ~1/30 of the decoding); a photo and a test picture are simply made at the sample rate.
 */
export function inputArgs(source: Exclude<CameraSource, { kind: "invalid" | "onvif" }>, o: DecodeOptions, mode: DecodeMode = "live"): string[] {
  const keyOnly = mode === "sample" && source.kind !== "image" && source.kind !== "test" ? ["-skip_frame", "nokey"] : [];
  return [...keyOnly, ...sourceArgs(source, { ...o, fps: modeFps(mode, o) })];
}

function sourceArgs(source: Exclude<CameraSource, { kind: "invalid" | "onvif" }>, o: DecodeOptions): string[] {
  switch (source.kind) {
    case "rtsp":
      // TCP survives NAT and packet loss on school networks; -timeout (µs) ends a stalled connection
      return ["-rtsp_transport", "tcp", "-timeout", "10000000", "-fflags", "nobuffer", "-flags", "low_delay", "-i", source.url];
    case "http":
      return source.loop
        ? ["-rw_timeout", "10000000", "-re", "-stream_loop", "-1", "-i", source.url]
        : ["-rw_timeout", "10000000", "-fflags", "nobuffer", "-i", source.url];
    case "file":
      return ["-re", "-stream_loop", "-1", "-i", source.path];
    case "image":
      // the photo repeated at the output rate, paced like a live camera
      return ["-re", "-loop", "1", "-framerate", String(o.fps), "-i", source.path];
    case "test":
      return ["-re", "-f", "lavfi", "-i", testGraph(source.label || o.fallbackLabel || "", o)];
    case "gb28181":
      // the PS byte stream arrives on stdin (the gateway strips RTP, gb28181/rtp-receiver.ts): ffmpeg has no
      // RTP depacketizer for MPEG-PS. A small probe so the first picture comes with the first keyframe.
      return ["-fflags", "nobuffer", "-flags", "low_delay", "-probesize", "65536", "-analyzeduration", "500000", "-f", "mpeg", "-i", "pipe:0"];
  }
}

/** The synthetic picture: a moving test pattern, the label and a running clock (lavfi graph). */
export function testGraph(label: string, o: DecodeOptions): string {
  const w = even(Math.min(o.testWidth, o.maxWidth));
  const h = even(Math.min(o.testHeight, o.maxHeight));
  const parts = [filter("testsrc2", { size: `${w}x${h}`, rate: o.fps })];
  if (o.fontFile) {
    const text = { fontfile: o.fontFile, fontcolor: "white", box: 1, boxcolor: "black@0.55", boxborderw: Math.round(h / 60) };
    if (label) parts.push(filter("drawtext", { ...text, text: escapeDrawtextText(label), fontsize: Math.round(h / 10), x: "(w-tw)/2", y: "h/5" }));
    parts.push(filter("drawtext", { ...text, text: CLOCK_TEXT, fontsize: Math.round(h / 16), x: "(w-tw)/2", y: "h-th-h/8" }));
  }
  return parts.join(",");
}

/** The output chain: rate first (less to scale), then fit into the box, then planar 4:2:0. */
export function outputFilter(o: DecodeOptions): string {
  return [
    filter("fps", { fps: o.fps }),
    filter("scale", {
      w: `min(${o.maxWidth},iw)`,
      h: `min(${o.maxHeight},ih)`,
      force_original_aspect_ratio: "decrease",
      force_divisible_by: 2,
    }),
    filter("format", { pix_fmts: "yuv420p" }),
  ].join(",");
}

/**
 * ffmpeg arguments that decode one camera to raw I420 frames on stdout (pure). One thread each: an edge
 * box runs many cameras on few cores. The output size is learned from ffmpeg's stderr (`parseOutputSize`).
 */
export function buildFfmpegArgs(source: CameraSource, o: DecodeOptions, mode: DecodeMode = "live"): string[] {
  if (source.kind === "invalid") throw new Error(source.reason);
  // an ONVIF camera is decoded from the stream URI its device gives (CameraRunner asks first)
  if (source.kind === "onvif") throw new Error("an onvif:// source must be resolved to its stream URI first");
  return [
    "-hide_banner",
    "-nostdin",
    "-nostats",
    "-loglevel",
    o.logLevel ?? "info",
    "-threads",
    "1",
    "-filter_threads",
    "1",
    ...inputArgs(source, o, mode),
    "-map",
    "0:v:0",
    "-an",
    "-sn",
    "-dn",
    "-vf",
    outputFilter({ ...o, fps: modeFps(mode, o) }),
    "-f",
    "rawvideo",
    "-pix_fmt",
    "yuv420p",
    "pipe:1",
  ];
}
