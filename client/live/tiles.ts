import type { CameraStatus, CanteenDetail } from "../types.ts";

/**
 * One tile of the camera grid. "camera": a camera the caller may see (named by the API); "unknown": a track
 * the gateway publishes for a camera the page does not know yet (added after it loaded); "restricted": a
 * camera the room shows this viewer no picture of (the publisher refuses it). Parents get no tile at all for a
 * camera the API does not show them (not public-visible): they see only what they may watch.
 */
export interface TileModel {
  key: string;
  cameraId: string;
  kind: "camera" | "unknown" | "restricted";
  areaName: string | null;
  cameraName: string | null;
  status: CameraStatus;
}

/** The canteen's cameras in area order, then any other camera the room publishes. Pure. */
export function cameraTiles(canteen: CanteenDetail | undefined, published: readonly string[], publicOnly: boolean): TileModel[] {
  const tiles: TileModel[] = [];
  const known = new Set<string>();
  if (canteen) {
    const areaOrder = new Map(canteen.areas.map((a, i) => [a.id, i]));
    const areaName = new Map(canteen.areas.map((a) => [a.id, a.name]));
    const cameras = [...canteen.cameras].sort((a, b) => (areaOrder.get(a.areaId) ?? 99) - (areaOrder.get(b.areaId) ?? 99));
    for (const c of cameras) {
      known.add(c.id);
      tiles.push({ key: c.id, cameraId: c.id, kind: "camera", areaName: areaName.get(c.areaId) ?? null, cameraName: c.name, status: c.status });
    }
  }
  for (const id of [...published].sort()) {
    if (known.has(id) || publicOnly) continue;
    tiles.push({ key: id, cameraId: id, kind: "unknown", areaName: null, cameraName: null, status: "unknown" });
  }
  return tiles;
}
