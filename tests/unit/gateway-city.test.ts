/** The demo city's gateway parts: the simulated blips, the per-canteen logger and on-demand decoding in the fleet. */
import { describe, expect, it } from "vitest";
import type { GatewayCamera } from "../../server/live/contracts.ts";
import { CameraFleet } from "../../media/gateway/camera-fleet.ts";
import { BLIP_CHANCE_PER_HOUR, blipOf, cityLogger, standbyOf } from "../../media/gateway/city-sim.ts";
import { silentLogger } from "../../media/gateway/log.ts";

const HOUR = 3_600_000;

describe("simulated blips", () => {
  it("come about once per camera in 1 / BLIP_CHANCE_PER_HOUR hours, last 1–4 minutes inside their hour, and are the same every time", () => {
    let blips = 0;
    const hours = 2000;
    for (let cam = 0; cam < 20; cam++) {
      for (let h = 0; h < hours; h++) {
        const b = blipOf(`cam_${cam}`, h * HOUR + 1);
        if (!b) continue;
        blips++;
        expect(b.from).toBeGreaterThanOrEqual(h * HOUR);
        expect(b.to).toBeLessThan((h + 1) * HOUR);
        expect(b.to - b.from).toBeGreaterThanOrEqual(60_000);
        expect(b.to - b.from).toBeLessThanOrEqual(240_000);
        expect(blipOf(`cam_${cam}`, b.from)).toEqual(b);
        expect(standbyOf(`cam_${cam}`, b.from)).toMatch(/simulated/);
        expect(standbyOf(`cam_${cam}`, b.to)).toBeNull();
      }
    }
    const rate = blips / (20 * hours);
    expect(rate).toBeGreaterThan(BLIP_CHANCE_PER_HOUR * 0.6);
    expect(rate).toBeLessThan(BLIP_CHANCE_PER_HOUR * 1.4);
  });
});

describe("cityLogger", () => {
  it("names the canteen, hides info unless verbose, and repeats a warning at most every 10 minutes", () => {
    const lines: string[] = [];
    const base = { info: (m: string) => lines.push(`I ${m}`), warn: (m: string) => lines.push(`W ${m}`), error: (m: string) => lines.push(`E ${m}`) };
    let now = 0;
    const log = cityLogger(base, "某食堂", false, () => now);
    log.info("hello");
    log.warn("ffmpeg exited; restarting in 1.0 s");
    log.warn("ffmpeg exited; restarting in 2.0 s");
    now = 601_000;
    log.warn("ffmpeg exited; restarting in 30.0 s");
    log.error("boom");
    expect(lines).toEqual(["W 某食堂: ffmpeg exited; restarting in 1.0 s", "W 某食堂: ffmpeg exited; restarting in 30.0 s", "E 某食堂: boom"]);
    const verbose: string[] = [];
    cityLogger({ ...base, info: (m) => verbose.push(m) }, "甲", true).info("hi");
    expect(verbose).toEqual(["甲: hi"]);
  });
});

describe("CameraFleet with on-demand decoding", () => {
  const camera = (id: string): GatewayCamera => ({ id, name: id, source: `test:${id}`, areaKind: "cooking", publicVisible: true });

  it("keeps a camera configured (its status tracked) while its ffmpeg is stopped, and forgets it only when it leaves the configuration", async () => {
    const added: string[] = [];
    const removed: string[] = [];
    // `false` exits at once: the runner restarts it with backoff, which is enough to tell running from stopped
    const fleet = new CameraFleet({ frame: () => {}, problem: () => {} }, { ffmpeg: "false", decode: { fps: 5, maxWidth: 64, maxHeight: 64, fontFile: null, testWidth: 64, testHeight: 64 }, stallMs: 5000, log: silentLogger }, {
      added: (id) => added.push(id),
      removed: (id) => removed.push(id),
    });
    const cams = [camera("a"), camera("b")];
    fleet.reconcile(cams, 0, () => false);
    expect(added).toEqual(["a", "b"]);
    expect(fleet.isRunning("a")).toBe(false);
    expect(fleet.nameOf("a")).toBe("a");

    fleet.reconcile(cams, 1, (c) => c.id === "a");
    expect([fleet.isRunning("a"), fleet.isRunning("b")]).toEqual([true, false]);
    fleet.reconcile(cams, 2, () => false);
    expect(fleet.isRunning("a")).toBe(false);
    expect(added).toEqual(["a", "b"]);
    expect(removed).toEqual([]);

    fleet.reconcile([cams[1]!], 3, () => true);
    expect(removed).toEqual(["a"]);
    expect(fleet.isRunning("b")).toBe(true);
    await fleet.stopAll();
    expect(fleet.isRunning("b")).toBe(false);
  });
});
