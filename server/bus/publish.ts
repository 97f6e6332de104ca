import type { AppDeps } from "../http/env.ts";
import { MAX_RELIABLE_BYTES } from "./limits.ts";
import { roomKindOf } from "./rooms.ts";
import { type ServerMessage, type Topic, TOPICS } from "./topics.ts";

/** One server message for one room; `to` addresses some participants only (by identity). */
export type Announcement = { [T in Topic]: { room: string; topic: T; message: ServerMessage<T>; to?: string[] } }[Topic];

export const announcement = <T extends Topic>(room: string, topic: T, message: ServerMessage<T>, to?: string[]) => ({ room, topic, message, to }) as Announcement;

type Bus = Pick<AppDeps, "livekit">;
const EMPTY_ROOM = /no response from servers/;

/** Sends still on their way; `settled()` waits for them (tests, shutdown). */
const inFlight = new Set<Promise<unknown>>();
const track = (p: Promise<unknown>) => {
  inFlight.add(p);
  void p.finally(() => inFlight.delete(p));
};
export const settled = async () => {
  while (inFlight.size) await Promise.allSettled([...inFlight]);
};

/** The server's message checked against the topic table: schema, room kind, reliable packet size. Null with a warning otherwise. */
function checked(a: Announcement): Uint8Array | null {
  const spec = TOPICS[a.topic];
  const kind = roomKindOf(a.room);
  const server = (spec.senders as Record<string, { schema: { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } } } | undefined>).server;
  const fail = (why: string) => (console.warn(`[bus] not publishing "${a.topic}" to ${a.room}: ${why}`), null);
  if (!server) return fail("the server does not send this topic");
  if (!kind || !(spec.rooms as readonly string[]).includes(kind)) return fail("the topic is not carried in this kind of room");
  const result = server.schema.safeParse(a.message);
  if (!result.success) return fail(`invalid message (${result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`);
  const bytes = new TextEncoder().encode(JSON.stringify(a.message));
  // over LiveKit's packet limit a reliable message would be cut: not sent at all; clients reload by cursor or version
  if (bytes.byteLength > MAX_RELIABLE_BYTES) return fail(`${bytes.byteLength} bytes exceed ${MAX_RELIABLE_BYTES}`);
  return bytes;
}

/**
 * The one way the server talks into LiveKit rooms. Call it after the write it announces has committed: it
 * validates each message against the topic table at once and sends in the background, so the caller never
 * waits (a send to a room nobody is in waits for LiveKit's timeout, about 3 s). A failed send is logged and
 * loses nothing: what it announces is persisted, and clients catch up by cursor or version after a reconnect.
 */
export function publish(deps: Bus, ...announcements: Announcement[]): void {
  const bus = deps.livekit;
  if (!bus) return;
  for (const a of announcements) {
    const bytes = checked(a);
    if (!bytes) continue;
    const send = a.to ? bus.sendTo(a.room, a.to, a.topic, a.message) : bus.send(a.room, a.topic, a.message);
    track(
      send.catch((err: Error) => {
        // LiveKit's answer for a room that no node hosts (nobody is in it): nobody missed the message
        if (EMPTY_ROOM.test(err.message)) return;
        console.warn(`[bus] could not publish "${a.topic}" to ${a.room}: ${err.message}`);
      }),
    );
  }
}

/**
 * For announcements that need a read first (the summary of what changed): the read and the sends both run in
 * the background after the caller's commit; a failed read is logged like a failed send.
 */
export function publishLater(deps: Bus, build: () => Promise<Announcement[]>): void {
  if (!deps.livekit) return;
  track(
    build().then(
      (list) => publish(deps, ...list),
      (err: Error) => console.warn(`[bus] could not prepare an announcement: ${err.message}`),
    ),
  );
}
