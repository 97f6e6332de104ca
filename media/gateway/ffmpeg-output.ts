import { redactSource } from "./source.ts";

/** Bytes of one I420 frame: a full-size luma plane and two quarter-size chroma planes. */
export const i420Size = (width: number, height: number) => width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);

/**
 * The size of the raw video ffmpeg writes, from its `info`-level stderr (pure): the first video stream
 * listed after `Output #0`. Null until that line has been seen.
 */
export function parseOutputSize(stderr: string): { width: number; height: number } | null {
  const at = stderr.indexOf("Output #0");
  if (at < 0) return null;
  const m = /Stream #0:0[^\n]*?: Video: rawvideo[^\n]*?, (\d+)x(\d+)[ ,\n]/.exec(stderr.slice(at));
  if (!m) return null;
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** What the camera sends, as ffmpeg's demuxer saw it: the codec (h264, hevc, mjpeg…) and the full size. */
export interface SourceVideo {
  codec: string;
  width: number;
  height: number;
}

/**
 * The source's video codec and size from ffmpeg's `info`-level stderr (pure): the first video stream of
 * `Input #0`, before `Output #0`. Null until it has been seen (or when the input has no sized video).
 */
export function parseInputVideo(stderr: string): SourceVideo | null {
  const at = stderr.indexOf("Input #0");
  if (at < 0) return null;
  const end = stderr.indexOf("Output #0", at);
  const input = stderr.slice(at, end < 0 ? undefined : end);
  const m = /Stream #0:\d+[^\n]*?: Video: ([a-z0-9_]+)[^\n]*?, (\d{2,5})x(\d{2,5})[ ,\n]/.exec(input);
  return m ? { codec: m[1]!, width: Number(m[2]), height: Number(m[3]) } : null;
}

/**
 * Cuts a byte stream into exact frames. One frame buffer is reused, so `onFrame` must consume it before it
 * returns (VideoSource.captureFrame copies). The buffer is its own ArrayBuffer from offset 0: rtc-node
 * hands the FFI the pointer of `frame.data.buffer`, not of the view.
 */
export class FrameAssembler {
  private readonly frame: Uint8Array;
  private filled = 0;
  frames = 0;

  constructor(
    readonly frameSize: number,
    private readonly onFrame: (frame: Uint8Array) => void,
  ) {
    if (!Number.isInteger(frameSize) || frameSize <= 0) throw new Error(`bad frame size ${frameSize}`);
    this.frame = new Uint8Array(frameSize);
  }

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(this.frameSize - this.filled, chunk.length - offset);
      this.frame.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.frameSize) {
        this.filled = 0;
        this.frames++;
        this.onFrame(this.frame);
      }
    }
  }
}

const NOISE = [/^To ignore this/, /^Conversion failed/, /^Exiting normally/, /^\s*$/, /^Press \[q\]/, /^\s+(Stream|Metadata|Duration|encoder|major_brand|minor_version|compatible_brands|creation_time|handler_name|vendor_id|title|comment)\b/];
const ERRORISH = /(error|invalid|failed|refused|not found|no such|denied|unauthori[sz]ed|forbidden|timed? ?out|matches no streams|does not contain|unable|could not|cannot|unsupported|end of file|broken pipe|\b[45]\d\d\b)/i;

/** A one-line reason for a failed ffmpeg run, from the tail of its stderr (pure, credentials masked). */
export function summarizeFfmpegFailure(stderrTail: string, exit: { code: number | null; signal: string | null }): string {
  const lines = stderrTail.split(/\r?\n/).filter((l) => !NOISE.some((re) => re.test(l)));
  const line = [...lines].reverse().find((l) => ERRORISH.test(l)) ?? lines.at(-1);
  const how = exit.signal ? `killed by ${exit.signal}` : `exited with ${exit.code}`;
  if (!line) return `ffmpeg ${how}`;
  const cleaned = line.replace(/^\[[^\]]+ @ 0x[0-9a-f]+\]\s*/, "").replace(/[a-z]+:\/\/[^\s'"]+/gi, (url) => redactSource(url));
  const text = /matches no streams/.test(cleaned) ? "no video stream in the source" : cleaned.trim();
  return `ffmpeg ${how}: ${text}`.slice(0, 240);
}
