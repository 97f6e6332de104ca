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
}

export const DEFAULT_DECODE: Omit<DecodeOptions, "fontFile"> = { fps: 15, maxWidth: 1280, maxHeight: 720, testWidth: 640, testHeight: 360 };

const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);

/** Input options and URL of each kind of source. */
export function inputArgs(source: Exclude<CameraSource, { kind: "invalid" | "onvif" }>, o: DecodeOptions): string[] {
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
export function buildFfmpegArgs(source: CameraSource, o: DecodeOptions): string[] {
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
    ...inputArgs(source, o),
    "-map",
    "0:v:0",
    "-an",
    "-sn",
    "-dn",
    "-vf",
    outputFilter(o),
    "-f",
    "rawvideo",
    "-pix_fmt",
    "yuv420p",
    "pipe:1",
  ];
}
