import type { Candidate } from "./nms.ts";

/**
 * Decoding of YOLOX's raw head output (pure; exported without decode-in-inference). Rows are grid cells
 * of strides 8, 16, 32 in that order, row-major (y then x) within a level; each row is
 * `[tx, ty, tw, th, objectness, cls_0 … cls_{n-1}]` with objectness and classes already sigmoid-ed:
 *   cx = (tx + gx)·s, cy = (ty + gy)·s, w = exp(tw)·s, h = exp(th)·s   (model-input pixels)
 *   score = objectness × best class score
 */
export const YOLOX_STRIDES = [8, 16, 32] as const;

export interface Grid {
  gx: Int32Array;
  gy: Int32Array;
  stride: Int32Array;
}

/** Cell coordinates and stride of every output row for a W×H input. */
export function yoloxGrid(inputWidth: number, inputHeight: number, strides: readonly number[] = YOLOX_STRIDES): Grid {
  const sizes = strides.map((s) => [Math.floor(inputWidth / s), Math.floor(inputHeight / s)] as const);
  const n = sizes.reduce((sum, [w, h]) => sum + w * h, 0);
  const grid: Grid = { gx: new Int32Array(n), gy: new Int32Array(n), stride: new Int32Array(n) };
  let i = 0;
  strides.forEach((s, level) => {
    const [gw, gh] = sizes[level]!;
    for (let y = 0; y < gh; y++)
      for (let x = 0; x < gw; x++, i++) {
        grid.gx[i] = x;
        grid.gy[i] = y;
        grid.stride[i] = s;
      }
  });
  return grid;
}

/**
 * Candidates above `scoreThreshold`, in the original picture's pixels (divided by the letterbox ratio and
 * clipped to `imageWidth`×`imageHeight`). `output` is the flat [rows × (5 + classes)] tensor.
 */
export function decodeYolox(output: Float32Array, classCount: number, grid: Grid, ratio: number, imageWidth: number, imageHeight: number, scoreThreshold: number): Candidate[] {
  const stride = 5 + classCount;
  const rows = output.length / stride;
  if (!Number.isInteger(rows) || rows !== grid.gx.length) {
    throw new Error(`YOLOX output has ${output.length} values; expected ${grid.gx.length} rows × ${stride} (is the input size or label count right?)`);
  }
  const out: Candidate[] = [];
  for (let r = 0; r < rows; r++) {
    const o = r * stride;
    const objectness = output[o + 4]!;
    if (objectness < scoreThreshold) continue; // score ≤ objectness: nothing in this cell can pass
    let best = 0;
    let bestIndex = 0;
    for (let c = 0; c < classCount; c++) {
      const v = output[o + 5 + c]!;
      if (v > best) {
        best = v;
        bestIndex = c;
      }
    }
    const score = objectness * best;
    if (score < scoreThreshold) continue;
    const s = grid.stride[r]!;
    const cx = (output[o]! + grid.gx[r]!) * s;
    const cy = (output[o + 1]! + grid.gy[r]!) * s;
    const w = Math.exp(output[o + 2]!) * s;
    const h = Math.exp(output[o + 3]!) * s;
    const clip = (v: number, max: number) => Math.min(Math.max(v, 0), max);
    const x1 = clip((cx - w / 2) / ratio, imageWidth);
    const y1 = clip((cy - h / 2) / ratio, imageHeight);
    const x2 = clip((cx + w / 2) / ratio, imageWidth);
    const y2 = clip((cy + h / 2) / ratio, imageHeight);
    if (x2 - x1 < 1 || y2 - y1 < 1) continue;
    out.push({ x1, y1, x2, y2, score, classIndex: bestIndex });
  }
  return out;
}
