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
  /** the camera's state as far as the server knows: offline whenever its gateway is */
  status: CameraStatus;
  /** when the camera was last seen online (null: never) */
  lastSeenAt: string | null;
}

/** A camera's state for viewers: the one it last reported, unless its gateway has gone silent (then offline). */
const effectiveStatus = (canteen: CanteenDetail, status: CameraStatus): CameraStatus => (canteen.gateway.state === "online" ? status : status === "unknown" ? "unknown" : "offline");

/**
 * The canteen's cameras that are online now: streaming in the room, or reported online by a gateway that is
 * itself online (the room may not be connected yet). Pure.
 */
export function onlineCameras(canteen: CanteenDetail, published: readonly string[]): string[] {
  const streaming = new Set(published);
  return canteen.cameras.filter((c) => streaming.has(c.id) || effectiveStatus(canteen, c.status) === "online").map((c) => c.id);
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
      tiles.push({ key: c.id, cameraId: c.id, kind: "camera", areaName: areaName.get(c.areaId) ?? null, cameraName: c.name, status: effectiveStatus(canteen, c.status), lastSeenAt: c.lastSeenAt });
    }
  }
  for (const id of [...published].sort()) {
    // a playback (issue 19) is shown by its own panel, not as a camera
    if (known.has(id) || publicOnly || id.startsWith("playback:")) continue;
    tiles.push({ key: id, cameraId: id, kind: "unknown", areaName: null, cameraName: null, status: "unknown", lastSeenAt: null });
  }
  return tiles;
}
