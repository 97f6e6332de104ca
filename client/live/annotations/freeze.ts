import { createSnapshot } from "../../api/snapshots.ts";
import { Snapshot } from "../../../server/snapshots/contracts.ts";

/**
 * The frame a <video> shows now, as a JPEG: drawn at the video's own resolution (not the tile's size), so
 * the snapshot keeps every pixel the camera sent.
 */
export function captureFrame(video: HTMLVideoElement, quality = 0.9): Promise<Blob> {
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (!width || !height) return Promise.reject(new Error("no decoded frame yet"));
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d")!.drawImage(video, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("JPEG encoding failed"))), "image/jpeg", quality));
}

/**
 * Freezes a camera's current frame, at the camera's full resolution when `fullResolution` can get it: uploads it as a snapshot (of the inspection in progress, if any). The
 * server stores it and tells everyone in the room to open it (`snapshot.opened` on `annot`).
 */
export async function freezeFrame(
  video: HTMLVideoElement,
  cameraId: string,
  inspectionId: string | null,
  fullResolution?: (cameraId: string, video: HTMLVideoElement) => Promise<() => void>,
): Promise<Snapshot> {
  // evidence keeps the camera's own resolution, not the simulcast layer that fits the tile on screen
  const restore = fullResolution ? await fullResolution(cameraId, video) : undefined;
  let frame: Blob;
  try {
    frame = await captureFrame(video);
  } finally {
    restore?.();
  }
  return Snapshot.parse(await createSnapshot(frame, inspectionId ? { cameraId, inspectionId } : { cameraId }));
}
