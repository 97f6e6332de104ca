import type { Crop } from "../../server/zoom/contracts.ts";
import { type DecodeOptions, inputArgs } from "./ffmpeg-args.ts";
import { filter } from "./filtergraph.ts";
import type { CameraSource } from "./source.ts";

/**
 * ffmpeg arguments for a digital zoom (pure): one picture of the source at its full resolution — not the live
 * pipeline's ≤ 1280x720 — cropped to exactly the crop's source pixels (`exact`: no rounding to the 4:2:0 chroma
 * grid) and written as one JPEG on stdout. The source is opened as the live pipeline opens it (a second
 * connection to the camera). A reason instead of arguments for a source the gateway cannot open twice.
 */
export function zoomArgs(source: CameraSource, crop: Crop, o: DecodeOptions): string[] | { reason: string } {
  if (source.kind === "invalid") return { reason: source.reason };
  if (source.kind === "onvif") return { reason: "an onvif:// source must be resolved to its stream URI first" };
  // the PS stream arrives once, on the live ffmpeg's stdin: a second INVITE per zoom is not done (README: not done)
  if (source.kind === "gb28181") return { reason: "digital zoom is not available for GB/T 28181 channels yet" };
  const vf = [filter("crop", { w: crop.width, h: crop.height, x: crop.x, y: crop.y, exact: 1 }), filter("format", { pix_fmts: "yuvj420p" })].join(",");
  return ["-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-threads", "1", ...inputArgs(source, o), "-map", "0:v:0", "-an", "-frames:v", "1", "-vf", vf, "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "2", "pipe:1"];
}
