/** 数字变焦 (issue 17): region → source-pixel crop, the checks, the timeout, and the gateway's ffmpeg arguments (pure). */
import { describe, expect, it } from "vitest";
import { ZoomMessage, ZoomRequest } from "../../server/zoom/contracts.ts";
import { cropOf, cropProblem, timedOut } from "../../server/zoom/rules.ts";
import { DEFAULT_DECODE } from "../../media/gateway/ffmpeg-args.ts";
import { parseSource } from "../../media/gateway/source.ts";
import { zoomArgs } from "../../media/gateway/zoom-args.ts";

const HD = { width: 1920, height: 1080 };

describe("cropOf", () => {
  it("turns fractions of the picture into the source's pixels", () => {
    expect(cropOf({ x: 0.25, y: 0.5, w: 0.25, h: 0.25 }, HD)).toEqual({ x: 480, y: 540, width: 480, height: 270 });
    expect(cropOf({ x: 0, y: 0, w: 1, h: 1 }, { width: 3840, height: 2160 })).toEqual({ x: 0, y: 0, width: 3840, height: 2160 });
  });

  it("rounds each edge to the nearest pixel, so neighbouring regions share their edge", () => {
    const left = cropOf({ x: 0.1, y: 0.1, w: 0.3333, h: 0.2 }, HD);
    const right = cropOf({ x: 0.4333, y: 0.1, w: 0.2, h: 0.2 }, HD);
    expect(left.x + left.width).toBe(right.x);
    expect(left).toEqual({ x: 192, y: 108, width: 640, height: 216 });
  });

  it("keeps a region that rounding pushed past the edge inside the picture", () => {
    const c = cropOf({ x: 0.9, y: 0.9, w: 0.1000001, h: 0.1000001 }, { width: 1001, height: 501 });
    expect(c.x + c.width).toBe(1001);
    expect(c.y + c.height).toBe(501);
  });
});

describe("cropProblem", () => {
  it("refuses a crop under 16 source pixels a side, accepts 16", () => {
    expect(cropProblem(cropOf({ x: 0.5, y: 0.5, w: 0.005, h: 0.5 }, HD), HD)).toBe("zoom_region_too_small");
    expect(cropProblem({ x: 0, y: 0, width: 16, height: 16 }, HD)).toBeNull();
    expect(cropProblem({ x: 0, y: 0, width: 16, height: 15 }, HD)).toBe("zoom_region_too_small");
  });
  it("refuses a crop outside the source", () => {
    expect(cropProblem({ x: 1900, y: 0, width: 100, height: 100 }, HD)).toBe("zoom_region_outside");
  });
});

describe("the request contract", () => {
  it("accepts a region inside the picture and refuses one outside it with its reason", () => {
    expect(ZoomRequest.safeParse({ x: 0.5, y: 0.5, w: 0.5, h: 0.5 }).success).toBe(true);
    const out = ZoomRequest.safeParse({ x: 0.8, y: 0, w: 0.3, h: 0.5 });
    expect(out.success).toBe(false);
    expect(JSON.stringify(out.error?.issues)).toContain("zoom_region_outside");
    for (const bad of [{ x: -0.1, y: 0, w: 0.5, h: 0.5 }, { x: 0, y: 0, w: 0, h: 0.5 }, { x: 0, y: 0, w: 0.5 }, { x: 0, y: 0, w: 0.5, h: 0.5, extra: 1 }, { x: "0", y: 0, w: 0.5, h: 0.5 }]) {
      expect(ZoomRequest.safeParse(bad).success).toBe(false);
    }
  });
  it("checks the bus message the gateway receives", () => {
    const ok = { type: "zoom.request", id: "zoom_abcdef12", cameraId: "cam_abcdef12", source: HD, crop: { x: 1, y: 2, width: 30, height: 40 } };
    expect(ZoomMessage.safeParse(ok).success).toBe(true);
    expect(ZoomMessage.safeParse({ ...ok, crop: { x: -1, y: 2, width: 30, height: 40 } }).success).toBe(false);
    expect(ZoomMessage.safeParse({ ...ok, crop: { x: 1, y: 2, width: 0, height: 40 } }).success).toBe(false);
  });
});

describe("timedOut", () => {
  it("fails a request the gateway has not answered in 20 s, never an answered one", () => {
    expect(timedOut("pending", 0, 20_000)).toBe(false);
    expect(timedOut("pending", 0, 20_001)).toBe(true);
    expect(timedOut("ready", 0, 99_000)).toBe(false);
  });
});

describe("zoomArgs", () => {
  const crop = { x: 1001, y: 77, width: 333, height: 201 };
  const o = { ...DEFAULT_DECODE, fontFile: null };
  it("takes one picture of the source at full size, cropped exactly, as a JPEG on stdout", () => {
    const args = zoomArgs(parseSource("/data/kitchen.jpg"), crop, o) as string[];
    expect(args.join(" ")).toContain("-i /data/kitchen.jpg");
    expect(args).toContain("-frames:v");
    // quoted for ffmpeg's option and graph parsers (filtergraph.ts); the integration test runs it
    expect(args[args.indexOf("-vf") + 1]).toMatch(/^crop=w=\\'333\\':h=\\'201\\':x=\\'1001\\':y=\\'77\\':exact=\\'1\\',format=/);
    expect(args.join(" ")).not.toContain("scale");
    expect(args.slice(-7)).toEqual(["-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "2", "pipe:1"]);
    expect(zoomArgs(parseSource("rtsp://cam/1"), crop, o)).toEqual(expect.arrayContaining(["-rtsp_transport", "tcp", "rtsp://cam/1"]));
  });
  it("says why for sources it cannot open a second time", () => {
    expect(zoomArgs(parseSource("gb28181:34020000001320000001/34020000001310000001"), crop, o)).toEqual({ reason: expect.stringContaining("GB/T 28181") });
    expect(zoomArgs(parseSource("ftp://x"), crop, o)).toEqual({ reason: expect.stringContaining("unsupported source") });
  });
});
