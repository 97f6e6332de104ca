import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../client/live/backoff.ts";
import { mayTalk, normalizeGrants } from "../../client/live/grants.ts";
import { cameraTiles, onlineCameras } from "../../client/live/tiles.ts";
import type { CanteenDetail } from "../../client/types.ts";

const C = "cnt_demo000001";
const detail = {
  id: C,
  areas: [
    { id: "ar_storage0001", canteenId: C, kind: "storage", name: "食品库房" },
    { id: "ar_cooking0001", canteenId: C, kind: "cooking", name: "烹饪区" },
  ],
  cameras: [
    { id: "cam_cook000001", areaId: "ar_cooking0001", name: "烹饪区-1", status: "online" },
    { id: "cam_store00001", areaId: "ar_storage0001", name: "库房", status: "offline" },
  ],
  gateway: { state: "online", lastSeenAt: null },
} as unknown as CanteenDetail;

describe("camera tiles", () => {
  it("known cameras in area order, then published tracks the page does not know", () => {
    const tiles = cameraTiles(detail, ["cam_zzz0000001", "cam_cook000001", "cam_aaa0000001"], false);
    expect(tiles.map((t) => [t.cameraId, t.kind, t.areaName])).toEqual([
      ["cam_store00001", "camera", "食品库房"],
      ["cam_cook000001", "camera", "烹饪区"],
      ["cam_aaa0000001", "unknown", null],
      ["cam_zzz0000001", "unknown", null],
    ]);
  });
  it("for a parent, tracks of cameras not shared with them get no tile: only what they may watch", () => {
    const tiles = cameraTiles(detail, ["cam_hidden00001", "cam_cook000001"], true);
    expect(tiles.map((t) => t.cameraId)).toEqual(["cam_store00001", "cam_cook000001"]);
    expect(tiles.every((t) => t.kind === "camera")).toBe(true);
  });
  it("with the gateway offline every camera it last reported online is offline; online ones are those streaming", () => {
    const silent = { ...detail, gateway: { state: "offline", lastSeenAt: "2026-09-01T09:00:00.000+08:00" } } as CanteenDetail;
    expect(cameraTiles(silent, [], false).map((t) => t.status)).toEqual(["offline", "offline"]);
    expect(onlineCameras(silent, [])).toEqual([]);
    expect(onlineCameras(silent, ["cam_store00001"])).toEqual(["cam_store00001"]);
    expect(onlineCameras(detail, [])).toEqual(["cam_cook000001"]);
  });
  it("before the canteen has loaded: only what is published", () => {
    expect(cameraTiles(undefined, ["cam_x00000001"], false)).toHaveLength(1);
  });
});

describe("grants", () => {
  it("reads the sources as names or as LiveKit's protobuf numbers", () => {
    const g = { canSubscribe: true, canPublish: true, canPublishData: true, canPublishSources: ["2", "1"] };
    expect(normalizeGrants(g).canPublishSources).toEqual(["microphone", "camera"]);
    expect(mayTalk(g)).toBe(true);
    expect(mayTalk({ ...g, canPublishSources: ["microphone"] })).toBe(true);
    expect(mayTalk({ ...g, canPublishSources: ["camera"] })).toBe(false);
    expect(mayTalk({ ...g, canPublish: false })).toBe(false);
    expect(mayTalk(null)).toBe(false);
  });
});

describe("reconnection backoff", () => {
  it("1 s, 2 s, 4 s, 8 s, then 15 s, within ±20 %", () => {
    expect([0, 1, 2, 3, 4, 9].map((n) => retryDelayMs(n, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
    expect(retryDelayMs(0, () => 0)).toBe(800);
    expect(retryDelayMs(0, () => 1)).toBe(1200);
  });
});
