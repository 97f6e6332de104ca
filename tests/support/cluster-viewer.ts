import { Room, RoomEvent, type RemoteTrack, TrackKind, VideoStream } from "@livekit/rtc-node";

/**
 * A viewer in a canteen's room with @livekit/rtc-node (a browser's part, without the browser): subscribes to
 * every video track, notes when each frame arrives, and when the SDK gives the room up (its own resume and
 * reconnect failed) joins again with a fresh token, as the web client does. For the cluster's proofs.
 */
export async function watchRoom(url: string, token: () => Promise<string>) {
  let room = new Room();
  let frames = 0;
  let closed = false;
  let rejoins = 0;
  let failedJoins = 0;
  const waiters: Array<() => void> = [];
  const onFrame = () => {
    frames++;
    waiters.splice(0).forEach((w) => w());
  };
  const read = async (track: RemoteTrack) => {
    let reader: ReadableStreamDefaultReader<unknown>;
    try {
      reader = new VideoStream(track).getReader();
    } catch {
      return; // the room was given up between "subscribed" and here: its track handle is gone, the rejoin reads anew
    }
    while (!closed) {
      const { done } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      onFrame();
    }
    void reader.cancel();
  };
  const join = async (target: string) => {
    const r = new Room();
    r.on(RoomEvent.TrackSubscribed, (track) => {
      if (track.kind === TrackKind.KIND_VIDEO) void read(track);
    });
    r.on(RoomEvent.Disconnected, () => {
      if (closed || r !== room) return;
      rejoins++;
      void (async () => {
        // LiveKit answers "room not found" until it has placed the room on a live node: try again shortly
        for (let i = 0; !closed && r === room; i++) {
          try {
            room = await join(url);
            return;
          } catch {
            await new Promise((done) => setTimeout(done, Math.min(250 * (i + 1), 1000)));
          }
        }
      })();
    });
    await r.connect(target, await token(), { autoSubscribe: true, dynacast: false });
    return r;
  };
  // as the web client (client/live/connection.ts), a join that fails is tried again: LiveKit answers 500 "could not
  // find any available nodes" for a few seconds after Redis comes back, until each node has written its stats again
  for (let i = 0; ; i++) {
    try {
      room = await join(url);
      break;
    } catch (err) {
      if (i >= 20) throw err;
      failedJoins++;
      await new Promise((done) => setTimeout(done, Math.min(250 * (i + 1), 1000)));
    }
  }
  return {
    get room() {
      return room;
    },
    /** how often the SDK gave up and the viewer joined again */
    get rejoins() {
      return rejoins;
    },
    /** how many first joins failed before one succeeded */
    get failedJoins() {
      return failedJoins;
    },
    /** resolves when `n` more frames have arrived */
    frames(n = 1, ms = 20_000) {
      const target = frames + n;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fewer than ${n} frame(s) within ${ms} ms`)), ms);
        const check = () => {
          if (frames >= target) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    },
    async close() {
      closed = true;
      await room.disconnect();
    },
  };
}
