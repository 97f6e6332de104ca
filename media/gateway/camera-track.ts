import { LocalVideoTrack, type LocalTrackPublication, TrackPublishOptions, TrackSource, VideoBufferType, VideoFrame, VideoSource } from "@livekit/rtc-node";
import { setLocalTrackMuted } from "./livekit-ffi.ts";
import { errorText, type Logger } from "./log.ts";

/** One camera's video track in the room (track name = camera id); `publication` is null until published. */
export interface CameraTrack {
  cameraId: string;
  source: VideoSource;
  track: LocalVideoTrack;
  publication: LocalTrackPublication | null;
  muted: boolean;
}

/** livekit.proto.DegradationPreference.MAINTAIN_RESOLUTION (the enum is not re-exported by @livekit/rtc-node) */
const MAINTAIN_RESOLUTION = 2;

/** Share of the upstream cap given to the encoder's own target. */
const ENCODER_SHARE = 0.9;

/** Monotonic capture timestamps in microseconds. */
const nowUs = () => BigInt(Math.round(performance.now() * 1000));

export function createCameraTrack(cameraId: string, width: number, height: number): CameraTrack {
  const source = new VideoSource(width, height);
  return { cameraId, source, track: LocalVideoTrack.createVideoTrack(cameraId, source), publication: null, muted: false };
}

/** Hands a decoded I420 frame to the encoder. */
export function captureFrame(t: CameraTrack, data: Uint8Array, width: number, height: number): void {
  t.source.captureFrame(new VideoFrame(data, width, height, VideoBufferType.I420), nowUs());
}

export function cameraPublishOptions(maxBitrate: number, fps: number): TrackPublishOptions {
  return new TrackPublishOptions({
    source: TrackSource.SOURCE_CAMERA,
    simulcast: false,
    // the encoder's target leaves out RTP/SRTP headers and overshoots a little: aim below the cap so what
    // leaves the school (measured by bench:live at the gateway) stays within it
    videoEncoding: { maxBitrate: BigInt(Math.round(maxBitrate * ENCODER_SHARE)), maxFramerate: fps },
    // a kitchen camera is evidence: when the bandwidth estimate is low (every stream starts low) lower the frame
    // rate, never the resolution, so a frame frozen in the first seconds is the camera's full picture (issue 11)
    degradationPreference: MAINTAIN_RESOLUTION,
  });
}

/** Mutes or unmutes; a failure is logged, not thrown (the track keeps its previous state). */
export function muteCameraTrack(t: CameraTrack, muted: boolean, log: Logger): void {
  try {
    setLocalTrackMuted(t.track, muted);
    t.muted = muted;
  } catch (err) {
    log.warn(`camera ${t.cameraId}: could not ${muted ? "mute" : "unmute"} its track: ${errorText(err)}`);
  }
}

export async function closeCameraTrack(t: CameraTrack): Promise<void> {
  await t.track.close(false).catch(() => {});
  await t.source.close().catch(() => {});
}
