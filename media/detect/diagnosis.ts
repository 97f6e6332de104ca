/**
 * 视频诊断 image metrics (pure, no I/O): everything works on the luma (Y) plane of an I420 frame, first
 * reduced by area averaging to a fixed small grid, so that thresholds mean the same at any camera resolution
 * and one measurement costs one pass over the Y plane.
 */

/** A grey picture: one byte of luma per pixel, row after row. */
export interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

/** the grid every metric is computed on (16:9; a 4:3 camera is stretched, which no metric minds) */
export const METRIC_WIDTH = 160;
export const METRIC_HEIGHT = 90;
/** the grid of the angle fingerprint: coarse, so people walking by and noise barely move it */
export const FINGERPRINT_WIDTH = 32;
export const FINGERPRINT_HEIGHT = 18;

/**
 * The Y plane (the first width×height bytes of I420, or any grey picture) area-averaged into tw×th:
 * each output pixel is the mean of the source pixels it covers (integer boundaries; every source pixel
 * counts once), so fine noise averages out and nothing aliases.
 */
export function downscaleLuma(y: Uint8Array, width: number, height: number, tw = METRIC_WIDTH, th = METRIC_HEIGHT): Grey {
  if (y.length < width * height) throw new Error(`luma plane of ${y.length} bytes is too small for ${width}x${height}`);
  const out = new Uint8Array(tw * th);
  for (let oy = 0; oy < th; oy++) {
    const y0 = Math.floor((oy * height) / th);
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * height) / th));
    for (let ox = 0; ox < tw; ox++) {
      const x0 = Math.floor((ox * width) / tw);
      const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * width) / tw));
      let sum = 0;
      for (let yy = y0; yy < y1; yy++) {
        const row = yy * width;
        for (let xx = x0; xx < x1; xx++) sum += y[row + xx]!;
      }
      out[oy * tw + ox] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return { data: out, width: tw, height: th };
}

export interface LumaStats {
  /** mean luma, 0–255 */
  mean: number;
  /** standard deviation of luma: a picture with nothing in it (black, a hand, a cloth, fog) is flat */
  std: number;
}

export function lumaStats(g: Grey): LumaStats {
  let sum = 0;
  let sq = 0;
  for (const v of g.data) {
    sum += v;
    sq += v * v;
  }
  const n = g.data.length;
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sq / n - mean * mean)) };
}

/**
 * Sharpness: variance of the 4-neighbour Laplacian (the classic blur measure). A focused picture has strong
 * local second derivatives at edges; a blurred or fogged lens smooths them away. Computed on the fixed grid,
 * so the figure does not depend on the camera's resolution.
 */
export function laplacianVariance(g: Grey): number {
  const { data, width, height } = g;
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const l = data[i - 1]! + data[i + 1]! + data[i - width]! + data[i + width]! - 4 * data[i]!;
      sum += l;
      sq += l * l;
      n++;
    }
  }
  if (!n) return 0;
  const mean = sum / n;
  return sq / n - mean * mean;
}

/** Mean absolute difference of two pictures of the same grid, 0–255: 0 means the same picture. */
export function meanAbsDiff(a: Grey, b: Grey): number {
  if (a.data.length !== b.data.length) throw new Error("pictures of different sizes");
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
  return sum / a.data.length;
}

/**
 * Normalised cross-correlation of two fingerprints (−1…1): 1 is the same view, whatever the brightness or
 * contrast (a light switched on keeps it high); a camera turned away from its view drops it towards 0.
 * Flat pictures correlate with nothing: 0.
 */
export function correlation(a: Grey, b: Grey): number {
  if (a.data.length !== b.data.length) throw new Error("pictures of different sizes");
  const n = a.data.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a.data[i]!;
    mb += b.data[i]!;
  }
  ma /= n;
  mb /= n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const da = a.data[i]! - ma;
    const db = b.data[i]! - mb;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** What the diagnosis keeps of one sample. */
export interface FrameMetrics {
  mean: number;
  std: number;
  sharpness: number;
  /** the 160×90 grid (frozen picture, motion) */
  grid: Grey;
  /** the 32×18 angle fingerprint */
  fingerprint: Grey;
}

/** All metrics of one I420 (or grey) frame. */
export function measureFrame(y: Uint8Array, width: number, height: number): FrameMetrics {
  const grid = downscaleLuma(y, width, height);
  const fingerprint = downscaleLuma(grid.data, grid.width, grid.height, FINGERPRINT_WIDTH, FINGERPRINT_HEIGHT);
  const { mean, std } = lumaStats(grid);
  return { mean, std, sharpness: laplacianVariance(grid), grid, fingerprint };
}

/** A fingerprint as sent to and from the API: base64 of its 32×18 bytes. */
export const encodeFingerprint = (g: Grey): string => Buffer.from(g.data).toString("base64");
export function decodeFingerprint(b64: string): Grey | null {
  const data = new Uint8Array(Buffer.from(b64, "base64"));
  return data.length === FINGERPRINT_WIDTH * FINGERPRINT_HEIGHT ? { data, width: FINGERPRINT_WIDTH, height: FINGERPRINT_HEIGHT } : null;
}
