/**
 * The anonymous viewers of `npm run bench:public`, in their own process (so the API's CPU, in the bench's
 * process, is not mixed with theirs): reads {url, tokens[]} as JSON on stdin, connects one @livekit/rtc-node
 * room per token with auto-subscribe, prints "ready <connected> <subscribed tracks>" once all are in and every
 * track is subscribed (or after 60 s), then stays until stdin closes.
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
await Promise.all(
  tokens.map(async (token) => {
    const room = new Room();
    room.on(RoomEvent.TrackSubscribed, () => subscribed++);
    await room.connect(url, token, { autoSubscribe: true, dynacast: true });
    rooms.push(room);
  }),
);
const deadline = Date.now() + 60_000;
while (subscribed < tokens.length * tracks && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
console.log(`ready ${rooms.length} ${subscribed}`);
process.stdin.on("end", async () => {
  await Promise.all(rooms.map((r) => r.disconnect()));
  process.exit(0);
});
