/**
 * The bench's baseline: a bare livekit-client page, nothing of the product. The benches (tests/bench) drive it
 * through window.__bare with tokens minted in advance: open one camera (connect → subscribe → first decoded
 * frame), and a data round trip (one page sends small lossy and reliable packets, another receives them).
 */
import { type RemoteTrack, type RemoteTrackPublication, Room, RoomEvent, Track } from "livekit-client";

export interface OpenTimes {
  /** ms from the call to the room connected, the camera's track subscribed, its first decoded frame */
  connected: number;
  subscribed: number;
  frame: number;
}

export interface DataSample {
  topic: string;
  seq: number;
  /** ms from sentAt (sender's performance.timeOrigin + now; same machine clock) to the receive event */
  received: number;
  /** … to the next animation frame after it */
  frame: number;
}

let room: Room | null = null;
const samples: DataSample[] = [];
const now = () => performance.timeOrigin + performance.now();

async function open(url: string, token: string, cameraId: string): Promise<OpenTimes> {
  const t0 = performance.now();
  const r = new Room();
  room = r;
  let subscribed = 0;
  const want = (pub: RemoteTrackPublication) => {
    if (pub.trackName === cameraId && pub.kind === Track.Kind.Video && !pub.isSubscribed) pub.setSubscribed(true);
  };
  const frame = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no frame of ${cameraId} within 20 s`)), 20_000);
    r.on(RoomEvent.TrackPublished, want);
    r.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, pub: RemoteTrackPublication) => {
      if (pub.trackName !== cameraId) return;
      subscribed = performance.now() - t0;
      const video = track.attach() as HTMLVideoElement;
      video.muted = true;
      document.body.append(video);
      video.requestVideoFrameCallback(() => {
        clearTimeout(timer);
        resolve(performance.now() - t0);
      });
    });
  });
  await r.connect(url, token, { autoSubscribe: false });
  const connected = performance.now() - t0;
  for (const p of r.remoteParticipants.values()) for (const pub of p.trackPublications.values()) want(pub);
  const first = await frame; // (subscribed is set meanwhile)
  return { connected, subscribed, frame: first };
}

/** Joins a room to send or receive data packets (received ones are kept in `samples`). */
async function join(url: string, token: string): Promise<void> {
  const r = new Room();
  room = r;
  const decoder = new TextDecoder();
  r.on(RoomEvent.DataReceived, (payload, _participant, _kind, topic) => {
    const at = now();
    const msg = JSON.parse(decoder.decode(payload)) as { seq: number; sentAt: number };
    const sample: DataSample = { topic: topic ?? "", seq: msg.seq, received: at - msg.sentAt, frame: NaN };
    samples.push(sample);
    requestAnimationFrame(() => (sample.frame = now() - msg.sentAt));
  });
  await r.connect(url, token, { autoSubscribe: false });
}

/** Sends `count` pairs (a lossy and a reliable packet of about `bytes` bytes), one pair every `everyMs`. */
async function send(count: number, everyMs: number, bytes: number): Promise<void> {
  const encoder = new TextEncoder();
  const pad = "x".repeat(Math.max(0, bytes - 60));
  for (let seq = 0; seq < count; seq++) {
    const packet = () => encoder.encode(JSON.stringify({ seq, sentAt: now(), pad }));
    await room!.localParticipant.publishData(packet(), { reliable: false, topic: "lossy" });
    await room!.localParticipant.publishData(packet(), { reliable: true, topic: "reliable" });
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function close(): Promise<void> {
  await room?.disconnect();
  room = null;
  for (const v of document.querySelectorAll("video")) v.remove();
}

const bare = { open, join, send, close, samples };
export type Bare = typeof bare;
(window as unknown as { __bare: Bare }).__bare = bare;
