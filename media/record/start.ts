import type { GatewaySettings } from "../gateway/config.ts";
import type { Gateway } from "../gateway/gateway.ts";
import type { Logger } from "../gateway/log.ts";
import { apiRecordPlane, type RecordPlane } from "./api.ts";
import { loadRecordSettings } from "./config.ts";
import { Playbacks } from "./playbacks.ts";
import { Recording } from "./recording.ts";
import { parseMessage, senderOf } from "../../server/bus/parse.ts";

/** PLAYBACK_MAX: playbacks a gateway runs at once (default 2; the API refuses a further one with 429). */
export function playbackMaxOf(env: Record<string, string | undefined>): number {
  const n = Math.floor(Number(env.PLAYBACK_MAX ?? 2));
  return Number.isFinite(n) && n >= 1 ? n : 2;
}

/**
 * Playback together (issue 19): follows the `playback` topic of the gateway's room and publishes each playback as
 * the track `playback:<id>` through the same publisher as the live cameras.
 */
export function startPlaybacks(env: Record<string, string | undefined>, o: { ffmpeg: string; fps: number; fontFile: string | null }, plane: RecordPlane, recording: Recording, gateway: Gateway, log: Logger): Playbacks {
  // a playback nobody watches stops after 60 s (PLAYBACK_UNWATCHED_S: shorter in tests)
  const unwatchedMs = Math.max(1, Number(env.PLAYBACK_UNWATCHED_S ?? 60) || 60) * 1000;
  const playbacks = new Playbacks({
    ...o,
    maxWidth: 1280,
    maxHeight: 720,
    max: playbackMaxOf(env),
    unwatchedMs,
    log,
    recordingOf: (cameraId) => {
      const r = recording.recorders.get(cameraId);
      return r ? { links: r.chain.all(), dir: r.dir } : null;
    },
    frame: (track, data, w, h) => gateway.room?.pushFrame(track, data, w, h),
    closeTrack: (track) => void gateway.room?.removeCamera(track),
    watched: () => gateway.room?.watched() ?? false,
    reportEnded: async (id, reason, detail) => void (await plane.playbackEnded?.(id, { reason, detail: detail?.slice(0, 300) })),
  });
  gateway.on("data", (payload, participant, topic) => playbacks.receive(payload, participant, topic));
  recording.playbacks = playbacks;
  return playbacks;
}

/**
 * Records a gateway's cameras (RECORD_* settings; null when RECORD=off): follows each configuration it accepts,
 * with the same device token. Throws on bad settings (RECORD_RETENTION_DAYS below 7 among them).
 */
export function startRecording(env: Record<string, string | undefined>, settings: GatewaySettings, deviceToken: () => string, gateway: Gateway, log: Logger): Recording | null {
  const rs = loadRecordSettings(env);
  if (!rs) return null;
  const plane = apiRecordPlane({ apiUrl: settings.apiUrl, deviceToken });
  const recording = new Recording(plane, {
    ...rs,
    ffmpeg: settings.ffmpeg,
    fps: settings.fps,
    maxBitrate: settings.maxBitrate,
    decode: { fps: settings.fps, maxWidth: 1280, maxHeight: 720, fontFile: settings.fontFile, testWidth: settings.testWidth, testHeight: settings.testHeight },
    log,
  });
  gateway.on("config", (config) => void recording.setCameras(config.cameras));
  // a clip was asked for (only the server may say so; anything else on the topic is dropped and logged)
  gateway.on("data", (payload, participant, topic) => {
    if (topic !== "clip") return;
    const parsed = parseMessage("clip", payload, senderOf(participant));
    if (parsed.ok) void recording.clips.poll();
    else log.warn(`ignored a "clip" message: ${parsed.reason}`);
  });
  recording.start();
  startPlaybacks(env, { ffmpeg: settings.ffmpeg, fps: settings.fps, fontFile: settings.fontFile }, plane, recording, gateway, log);
  log.info(`recording into ${rs.dir}: ${rs.segmentSeconds} s segments, kept ${rs.retentionDays} days within ${rs.maxBytes} bytes; at most ${playbackMaxOf(env)} playbacks at once`);
  return recording;
}
