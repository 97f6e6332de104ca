/**
 * The parents of `npm run bench:viewing`, in their own process (so the API's CPU, in the bench's process, is not
 * mixed with theirs): reads {url, tokens[], tracks} as JSON on stdin, joins one @livekit/rtc-node room per viewing
 * token (five at a time, as parents tapping "join" do not all tap in the same millisecond) with auto-subscribe,
 * times each parent's join → first decoded frame of every camera the session opens, then prints one line
 * starting "ready" with the figures and stays until stdin closes. A parent that has no frame within 30 s of its
 * join counts as failed: on a loaded machine that is where it breaks, and the line says how many.
 *
 * Each parent stands for a phone, but all of them decode in this one process on the 2 cores under test: libwebrtc
 * decodes every subscribed video whether or not anything reads the frames, and fifty parents' hundred streams took
 * this process to 100 % of a core and starved the joins after the thirtieth (2026-12-06). So a parent stops
 * receiving (unsubscribes) once its first frames are in: the join is what is timed. The parents stay in the room,
 * receiving nothing, for the measured window; the SFU's fan-out to fifty receivers is bench:public's figure.
 * (Subscribing them all again for the window was tried: the Rust SDK honoured it for one parent in fifty.)
 */
import { Room, RoomEvent, TrackKind, VideoStream } from "@livekit/rtc-node";

const input = await new Promise<string>((resolve) => {
  let text = "";
  process.stdin.on("data", (d) => {
    text += String(d);
    if (text.includes("\n")) resolve(text);
  });
});
const { url, tokens, tracks } = JSON.parse(input) as { url: string; tokens: string[]; tracks: number };
const FRAME_WITHIN_MS = 30_000;
const rooms: Room[] = [];
/** join → the parent's last camera's first frame (ms): all the session's cameras are showing */
const joinToFrame: number[] = [];
let failed = 0;

async function join(token: string) {
  const room = new Room();
  const started = performance.now();
  const framed = new Set<string>();
  let subscribed = 0;
  const allFramed = new Promise<void>((done) =>
    room.on(RoomEvent.TrackSubscribed, (track, pub) => {
      if (track.kind !== TrackKind.KIND_VIDEO) return;
      subscribed++;
      // one frame proves the picture arrives; then the parent stops receiving until every parent is in (above)
      const reader = new VideoStream(track).getReader();
      void reader.read().then(() => {
        framed.add(pub.sid!);
        void reader.cancel().catch(() => undefined);
        pub.setSubscribed(false);
        if (framed.size >= tracks) done();
      });
    }),
  );
  rooms.push(room);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      room.connect(url, token, { autoSubscribe: true, dynacast: true }).then(() => allFramed),
      new Promise((_, fail) => (timer = setTimeout(() => fail(new Error(`${framed.size}/${tracks} cameras framed (${subscribed} subscribed, ${room.remoteParticipants.size} others in the room) within ${FRAME_WITHIN_MS} ms`)), FRAME_WITHIN_MS))),
    ]);
    joinToFrame.push(performance.now() - started);
  } catch (err) {
    failed++;
    console.error(`[parents] one parent: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

const queue = [...tokens];
await Promise.all(Array.from({ length: 5 }, async () => {
  for (let token = queue.shift(); token; token = queue.shift()) await join(token);
}));
process.stdout.write(`\nready ${JSON.stringify({ joined: joinToFrame.length, failed, joinToFrame })}\n`);
process.stdin.on("end", async () => {
  await Promise.all(rooms.map((r) => r.disconnect().catch(() => undefined)));
  process.exit(0);
});
