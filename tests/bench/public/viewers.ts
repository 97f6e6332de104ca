/**
 * The anonymous viewers of `npm run bench:public`, in their own process (so the API's CPU, in the bench's
 * process, is not mixed with theirs): reads {url, tokens[]} as JSON on stdin, connects one @livekit/rtc-node
 * room per token with auto-subscribe (five at a time, three tries of at most 20 s each), prints a line starting "ready" once
 * all are in and every track is subscribed (or after 30 s; joins not started within 100 s count as failed), then
 * stays until stdin closes.
 */
import { Room, RoomEvent } from "@livekit/rtc-node";

const input = await new Promise<string>((resolve) => {
  let text = "";
  process.stdin.on("data", (d) => {
    text += String(d);
    if (text.includes("\n")) resolve(text);
  });
});
const { url, tokens, tracks } = JSON.parse(input) as { url: string; tokens: string[]; tracks: number };
const rooms: Room[] = [];
let subscribed = 0;
let failed = 0;
/** one viewer, up to three tries (a loaded machine may time a transport out) */
async function join(token: string) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const room = new Room();
    room.on(RoomEvent.TrackSubscribed, () => subscribed++);
    try {
      // a connect on a loaded machine can hang without failing: give it 20 s, then try again
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        room.connect(url, token, { autoSubscribe: true, dynacast: true }),
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
const deadline = Date.now() + 30_000;
while (subscribed < rooms.length * tracks && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
process.stdout.write(`\nready ${rooms.length} connected (${failed} failed), ${subscribed} tracks subscribed\n`);
process.stdin.on("end", async () => {
  await Promise.all(rooms.map((r) => r.disconnect()));
  process.exit(0);
});
