/**
 * The anonymous viewers of `npm run bench:public`, in their own process (so the API's CPU, in the bench's
 * process, is not mixed with theirs): reads {url, tokens[]} as JSON on stdin, connects one @livekit/rtc-node
 * room per token (five at a time, three tries of at most 20 s each), subscribes every viewer to the public cameras
 * (their tracks are named by camera id) once all are in, one viewer after the other, prints a line starting "ready"
 * once every track is subscribed (or after 60 s; joins not started within 100 s count as failed), then stays until
 * stdin closes.
 *
 * The viewers join without subscribing, and subscribe together afterwards: libwebrtc decodes every subscribed video
 * in this one process (fifty phones' work on the 2 cores under test), and decoding while the later viewers joined
 * starved their joins ("no connection within 20 s", 2026-12-05). The window measured is the same: fifty viewers
 * receiving every public camera. Fifty viewers asking at once for their cameras had 21 of 200 tracks after 8 s
 * (each subscription is an SDP renegotiation on a loaded machine), so they ask one viewer at a time.
 */
import { Room, RoomEvent } from "@livekit/rtc-node";

const input = await new Promise<string>((resolve) => {
  let text = "";
  process.stdin.on("data", (d) => {
    text += String(d);
    if (text.includes("\n")) resolve(text);
  });
});
const { url, tokens, cameras } = JSON.parse(input) as { url: string; tokens: string[]; cameras: string[] };
const tracks = cameras.length;
const isPublic = (pub: { name?: string }) => cameras.includes(pub.name ?? "");
const rooms: Room[] = [];
let subscribed = 0;
let failed = 0;
let watching = false;
/** one viewer, up to three tries (a loaded machine may time a transport out) */
async function join(token: string) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const room = new Room();
    room.on(RoomEvent.TrackSubscribed, () => subscribed++);
    // a camera published after the viewer joined (the gateway republishing) is watched too, once watching began
    room.on(RoomEvent.TrackPublished, (pub) => watching && isPublic(pub) && pub.setSubscribed(true));
    try {
      // a connect on a loaded machine can hang without failing: give it 20 s, then try again
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        room.connect(url, token, { autoSubscribe: false, dynacast: true }),
        new Promise((_, fail) => (timer = setTimeout(() => fail(new Error("no connection within 20 s")), 20_000))),
      ]).finally(() => clearTimeout(timer));
      rooms.push(room);
      return;
    } catch (err) {
      await room.disconnect().catch(() => undefined);
      if (attempt === 3) {
        failed++;
        console.error(`[viewers] gave up on one viewer: ${(err as Error).message}`);
      }
    }
  }
}
// five at a time: fifty phones do not all press play in the same millisecond
// on a loaded machine some joins time out: after JOIN_WINDOW_MS no new join starts, and the line below says how
// many are in, so the figures are read against the viewers actually connected
const JOIN_WINDOW_MS = 100_000;
const joinUntil = Date.now() + JOIN_WINDOW_MS;
const queue = [...tokens];
await Promise.all(Array.from({ length: 5 }, async () => {
  for (let token = queue.shift(); token && Date.now() < joinUntil; token = queue.shift()) await join(token);
}));
failed += queue.length;
// everyone is in: now every viewer watches every public camera
watching = true;
const deadline = Date.now() + 60_000;
const pause = () => new Promise((r) => setTimeout(r, 50));
for (const r of rooms) {
  const pubs = [...r.remoteParticipants.values()].flatMap((p) => [...p.trackPublications.values()]).filter(isPublic);
  pubs.forEach((pub) => pub.setSubscribed(true));
  // this viewer's cameras in (or give up on it after 5 s) before the next one asks
  for (const until = Math.min(deadline, Date.now() + 5000); pubs.some((pub) => !pub.subscribed) && Date.now() < until; ) await pause();
}
while (subscribed < rooms.length * tracks && Date.now() < deadline) await pause();
process.stdout.write(`\nready ${rooms.length} connected (${failed} failed), ${subscribed} tracks subscribed\n`);
process.stdin.on("end", async () => {
  await Promise.all(rooms.map((r) => r.disconnect()));
  process.exit(0);
});
