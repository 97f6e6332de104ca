import type { Vector } from "./ptz-state.ts";

/**
 * The simulated camera's picture (pure): a fixed 1920x1080 I420 "kitchen wall" of numbered-looking tiles with
 * colour gradients across it, of which the camera shows a window that pan, tilt and zoom move. Deterministic and
 * still, so two frames differ only when the camera moved: what the tests compare.
 */
export const SCENE = { width: 1920, height: 1080 } as const;
const TILE = 120;

export interface Scene {
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
}

export function makeScene(): Scene {
  const { width: w, height: h } = SCENE;
  const y = new Uint8Array(w * h);
  for (let r = 0; r < h; r++) {
    const ty = Math.floor(r / TILE);
    const edgeR = r % TILE < 4;
    for (let c = 0; c < w; c++) {
      const tx = Math.floor(c / TILE);
      // each tile its own grey, a bright grid between tiles, and a dark diagonal in each tile so no two views look alike
      const local = (r % TILE) - (c % TILE);
      y[r * w + c] = edgeR || c % TILE < 4 ? 235 : Math.abs(local) < 3 ? 16 : 40 + ((tx * 37 + ty * 91) % 9) * 22;
    }
  }
  const cw = w / 2;
  const ch = h / 2;
  const u = new Uint8Array(cw * ch);
  const v = new Uint8Array(cw * ch);
  for (let r = 0; r < ch; r++)
    for (let c = 0; c < cw; c++) {
      u[r * cw + c] = 64 + Math.round((c / cw) * 128);
      v[r * cw + c] = 64 + Math.round((r / ch) * 128);
    }
  return { y, u, v };
}

/** The part of the scene in view: at zoom 0 half the scene's width, at zoom 1 a quarter of that; pan and tilt move its centre to the edges. */
export function viewWindow(p: Vector): { x: number; y: number; w: number; h: number } {
  const w = SCENE.width / 2 / (1 + 3 * p.zoom);
  const h = (w * SCENE.height) / SCENE.width;
  const cx = SCENE.width / 2 + p.pan * (SCENE.width / 2 - w / 2);
  // tilt up (positive) looks higher on the wall
  const cy = SCENE.height / 2 - p.tilt * (SCENE.height / 2 - h / 2);
  return { x: cx - w / 2, y: cy - h / 2, w, h };
}

/** One I420 frame of `width`x`height` (even) showing the window at position `p` (nearest neighbour: cheap and exact enough). */
export function renderView(scene: Scene, p: Vector, width: number, height: number): Uint8Array {
  const win = viewWindow(p);
  const out = new Uint8Array((width * height * 3) / 2);
  const xs = new Int32Array(width);
  for (let c = 0; c < width; c++) xs[c] = Math.min(SCENE.width - 1, Math.floor(win.x + ((c + 0.5) * win.w) / width));
  for (let r = 0; r < height; r++) {
    const sy = Math.min(SCENE.height - 1, Math.floor(win.y + ((r + 0.5) * win.h) / height)) * SCENE.width;
    const o = r * width;
    for (let c = 0; c < width; c++) out[o + c] = scene.y[sy + xs[c]!]!;
  }
  const cw = width / 2;
  const ch = height / 2;
  const scw = SCENE.width / 2;
  const uOff = width * height;
  const vOff = uOff + cw * ch;
  for (let r = 0; r < ch; r++) {
    const sy = (Math.min(SCENE.height - 1, Math.floor(win.y + ((2 * r + 1) * win.h) / height)) >> 1) * scw;
    for (let c = 0; c < cw; c++) {
      const sx = xs[2 * c]! >> 1;
      out[uOff + r * cw + c] = scene.u[sy + sx]!;
      out[vOff + r * cw + c] = scene.v[sy + sx]!;
    }
  }
  return out;
}
