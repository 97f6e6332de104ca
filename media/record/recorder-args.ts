import { testGraph, type DecodeOptions } from "../gateway/ffmpeg-args.ts";
import { filter } from "../gateway/filtergraph.ts";
import type { CameraSource } from "../gateway/source.ts";

export interface RecordArgsOptions {
  /** segment length in seconds; boundaries fall on wall-clock multiples of it */
  segmentSeconds: number;
  /** encoded sources (test:, files, photos): frames per second and bit rate cap (the live cap) */
  fps: number;
  maxBitrate: number;
  decode: DecodeOptions;
  /** file name pattern (strftime, UTC) inside the camera's folder */
  pattern: string;
}

/** RTSP H.264 is copied as it comes; everything else is encoded (≤ 720p, the live cap), one keyframe a second. */
export const copies = (source: CameraSource) => source.kind === "rtsp";

function input(source: Exclude<CameraSource, { kind: "invalid" | "onvif" }>, o: RecordArgsOptions): string[] {
  switch (source.kind) {
    case "rtsp":
      return ["-rtsp_transport", "tcp", "-timeout", "10000000", "-i", source.url];
    case "http":
      return source.loop ? ["-rw_timeout", "10000000", "-re", "-stream_loop", "-1", "-i", source.url] : ["-rw_timeout", "10000000", "-i", source.url];
    case "file":
      return ["-re", "-stream_loop", "-1", "-i", source.path];
    case "image":
      return ["-re", "-loop", "1", "-framerate", String(o.fps), "-i", source.path];
    case "test":
      return ["-re", "-f", "lavfi", "-i", testGraph(source.label || o.decode.fallbackLabel || "", { ...o.decode, fps: o.fps })];
    case "gb28181":
      // the device sends one PS stream per INVITE, received by the live runner; recording would need that
      // stream teed to a second ffmpeg (not built yet: issue 17 follow-up)
      throw new Error("recording GB/T 28181 channels is not supported yet (live view only)");
  }
}

function encode(o: RecordArgsOptions): string[] {
  const scale = filter("scale", { w: "min(1280,iw)", h: "min(720,ih)", force_original_aspect_ratio: "decrease", force_divisible_by: 2 });
  const kbit = Math.round(o.maxBitrate / 1000);
  return [
    "-vf", `${filter("fps", { fps: o.fps })},${scale},${filter("format", { pix_fmts: "yuv420p" })}`,
    "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-profile:v", "baseline",
    "-g", String(o.fps), "-keyint_min", String(o.fps), "-sc_threshold", "0",
    "-b:v", `${kbit}k`, "-maxrate", `${kbit}k`, "-bufsize", `${kbit}k`,
  ];
}

/**
 * ffmpeg arguments recording one camera into wall-clock-aligned MP4 segments (pure). ffmpeg lists each finished
 * segment on stdout as `name,start,end` (CSV, seconds from the run's start), which the recorder hashes and chains.
 */
export function buildRecordArgs(source: CameraSource, o: RecordArgsOptions): string[] {
  if (source.kind === "invalid") throw new Error(source.reason);
  if (source.kind === "onvif") throw new Error("an onvif:// source must be resolved to its stream URI first");
  return [
    "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-threads", "1",
    ...input(source, o),
    "-map", "0:v:0", "-an", "-sn", "-dn",
    ...(copies(source) ? ["-c:v", "copy"] : encode(o)),
    "-f", "segment", "-segment_time", String(o.segmentSeconds), "-segment_atclocktime", "1",
    "-segment_format", "mp4", "-reset_timestamps", "1", "-strftime", "1",
    "-segment_list", "pipe:1", "-segment_list_type", "csv",
    o.pattern,
  ];
}
