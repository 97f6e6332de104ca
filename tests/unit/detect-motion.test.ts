import { describe, expect, it } from "vitest";
import { changedShare, DEFAULT_MOTION_GATE, gate, motionGrid } from "../../media/detect/motion.ts";

/** a grey 640×360 I420 frame with a bright square of side `size` at (x, y) */
function frame(x = -1, y = -1, size = 40, noise = 0): Uint8Array {
  const w = 640, h = 360;
  const f = new Uint8Array(w * h * 1.5).fill(90);
  for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) {
    const inside = i >= x && i < x + size && j >= y && j < y + size;
    f[j * w + i] = inside ? 230 : 90 + Math.round((Math.random() - 0.5) * 2 * noise);
  }
  return f;
}
const S = DEFAULT_MOTION_GATE;

describe("motion gate", () => {
  it("the first sample and a sample after the safety interval go to the detector", () => {
    const g = motionGrid(frame(), 640, 360);
    expect(gate(g, null, 0, S)).toBe("first");
    expect(gate(g, { grid: g, at: 0 }, S.safetySeconds * 1000, S)).toBe("safety");
  });

  it("an unchanged picture with sensor noise is skipped; a small object appearing is not", () => {
    const base = motionGrid(frame(-1, -1, 40, 4), 640, 360);
    const noisy = motionGrid(frame(-1, -1, 40, 4), 640, 360);
    expect(changedShare(base, noisy, S.cellDelta)).toBe(0);
    expect(gate(noisy, { grid: base, at: 0 }, 1000, S)).toBe("unchanged");
    // a 40×40 px object (a rat at 640×360) changes a handful of the 64×36 cells
    const rat = motionGrid(frame(300, 200, 40), 640, 360);
    expect(changedShare(base, rat, S.cellDelta)).toBeGreaterThanOrEqual(S.minChangedShare);
    expect(gate(rat, { grid: base, at: 0 }, 1000, S)).toBe("changed");
  });
});
