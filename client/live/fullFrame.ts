import { type RemoteTrackPublication, type RemoteVideoTrack, TrackEvent, VideoQuality } from "livekit-client";

interface Dims {
  width: number;
  height: number;
}

/** The SDK's adaptive-stream plumbing of a publication (not in its public types): the tile's size it reports. */
interface AdaptiveInternals {
  videoDimensionsAdaptiveStream?: Dims;
  handleVideoDimensionsChange?: (dimensions: Dims) => void;
}

/**
 * Resolves true once the <video> decodes frames of at least `size` (its `resize` event, checked every 50 ms as
 * well), false after `timeoutMs`.
 */
export function waitForVideoSize(video: HTMLVideoElement, size: Dims, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const check = () => video.videoWidth >= size.width && video.videoHeight >= size.height && done(true);
    const poll = setInterval(check, 50);
    const timer = setTimeout(() => done(false), timeoutMs);
    function done(ok: boolean) {
      clearInterval(poll);
      clearTimeout(timer);
      video.removeEventListener("resize", check);
      resolve(ok);
      return true;
    }
    video.addEventListener("resize", check);
    check();
  });
}

/**
 * Asks the SFU for the camera's top simulcast layer, whatever the tile's size: adaptive stream is switched off
 * for this track (it would ask for the layer that fits the tile), the highest quality and the publication's full
 * dimensions are requested, and this waits (at most `timeoutMs`) until the <video> decodes frames of that size.
 * Answers whether it got there, and the function that gives the track back to adaptive stream.
 */
export async function requestFullResolution(pub: RemoteTrackPublication, video: HTMLVideoElement, timeoutMs = 3000): Promise<{ reached: boolean; restore: () => void }> {
  const track = pub.videoTrack as RemoteVideoTrack | undefined;
  const full = pub.dimensions;
  if (!track || !full?.width || !full.height) return { reached: false, restore: () => undefined };
  const internals = pub as unknown as AdaptiveInternals;
  const onDimensions = internals.handleVideoDimensionsChange;
  if (onDimensions) track.off(TrackEvent.VideoDimensionsChanged, onDimensions);
  internals.videoDimensionsAdaptiveStream = undefined;
  pub.setVideoQuality(VideoQuality.HIGH);
  pub.setVideoDimensions({ width: full.width, height: full.height });
  const reached = await waitForVideoSize(video, full, timeoutMs);
  const restore = () => {
    // back to what the tile needs: no explicit dimensions, adaptive stream's own again
    pub.setVideoQuality(VideoQuality.HIGH);
    if (!onDimensions) return;
    track.on(TrackEvent.VideoDimensionsChanged, onDimensions);
    const last = (track as unknown as { lastDimensions?: Dims }).lastDimensions;
    if (last) onDimensions(last);
  };
  return { reached, restore };
}
