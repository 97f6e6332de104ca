import { afterEach, describe, expect, it, vi } from "vitest";
import { parseMessage, senderOf } from "../../server/bus/parse.ts";
import { announcement, publish, settled } from "../../server/bus/publish.ts";
import { canteenRoom, opsRegionRoom } from "../../server/bus/rooms.ts";
import type { Inspection } from "../../server/inspections/contracts.ts";

const inspection: Inspection = {
  id: "ins_abcdefgh0001",
  kind: "live_inspection",
  canteenId: "cnt_abcdefgh0001",
  canteenName: "示范食堂",
  room: "canteen:cnt_abcdefgh0001",
  status: "active",
  startedBy: { id: "usr_abcdefgh0001", displayName: "检查员" },
  startedAt: "2026-09-01T09:00:00.000+08:00",
  endedAt: null,
  result: null,
  outcome: null,
  checklist: null,
  participants: [],
  reviewedAt: null,
};
const room = canteenRoom(inspection.canteenId);
const started = { type: "inspection.started" as const, inspection };
const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

afterEach(() => vi.restoreAllMocks());

describe("publish(): the server's one way into LiveKit rooms", () => {
  it("sends a message that fits the topic table", async () => {
    const send = vi.fn(async (_room: string, _topic: string, _payload: unknown) => {});
    publish({ livekit: { send } as never }, announcement(room, "session", started));
    await settled();
    expect(send).toHaveBeenCalledWith(room, "session", started);
  });

  it("never makes the caller wait: a send that hangs (an empty room) is still in flight when publish returns", async () => {
    let release!: () => void;
    const send = vi.fn(() => new Promise<void>((r) => (release = r)));
    publish({ livekit: { send } as never }, announcement(room, "session", started));
    expect(send).toHaveBeenCalledTimes(1);
    let done = false;
    const waiting = settled().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    release();
    await waiting;
    expect(done).toBe(true);
  });

  it("refuses a message that does not fit its schema, a room of the wrong kind and a packet over 15 KiB, and says why", async () => {
    const send = vi.fn(async () => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const broken = { type: "inspection.started", inspection: { ...inspection, status: "paused" } } as never;
    publish({ livekit: { send } as never }, announcement(room, "session", broken));
    publish({ livekit: { send } as never }, announcement(opsRegionRoom("420704"), "session", started));
    const huge = { ...started, inspection: { ...inspection, outcome: "很".repeat(6000) } };
    publish({ livekit: { send } as never }, announcement(room, "session", huge));
    await settled();
    expect(send).not.toHaveBeenCalled();
    const said = warn.mock.calls.map((c) => c.join(" "));
    expect(said[0]).toMatch(/invalid message.*status/);
    expect(said[1]).toMatch(/not carried in this kind of room/);
    expect(said[2]).toMatch(/exceed 15360/);
  });

  it("logs a LiveKit failure instead of throwing (what it announces is already saved)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const send = vi.fn(async () => {
      throw new Error("connect ECONNREFUSED");
    });
    expect(() => publish({ livekit: { send } as never }, announcement(room, "session", started))).not.toThrow();
    await settled();
    expect(warn.mock.calls.map((c) => c.join(" ")).join("\n")).toMatch(/could not publish "session".*ECONNREFUSED/);
  });

  it("addresses some participants only when asked (the gateway hint)", async () => {
    const sendTo = vi.fn(async () => {});
    publish({ livekit: { sendTo } as never }, announcement(room, "gateway", { type: "viewer.expected", identity: "usr_1", role: "parent_rep" }, ["gw_abcdefgh0001"]));
    await settled();
    expect(sendTo).toHaveBeenCalledWith(room, ["gw_abcdefgh0001"], "gateway", { type: "viewer.expected", identity: "usr_1", role: "parent_rep" });
  });
});

describe("parseMessage(): every received message, in the browser and the gateway", () => {
  it("accepts a server message from the server", () => {
    const parsed = parseMessage("session", bytes(started), "server");
    expect(parsed).toEqual({ ok: true, message: started });
  });

  it("refuses a server-only message from a participant: it could be forged", () => {
    expect(parseMessage("session", bytes(started), "browser")).toEqual({ ok: false, reason: expect.stringMatching(/not sent by a browser/) });
    const opened = { type: "snapshot.opened", snapshot: {} };
    expect(parseMessage("annot", bytes(opened), "browser").ok).toBe(false);
  });

  it("takes a participant's stroke on annot, but not the same stroke claimed by the server", () => {
    const stroke = { type: "stroke.progress", snapshotId: "snp_abcdefgh0001", clientId: "c1", from: 0, points: [[0.1, 0.2]] };
    expect(parseMessage("annot", bytes(stroke), "browser").ok).toBe(true);
    expect(parseMessage("annot", bytes(stroke), "server").ok).toBe(false);
  });

  it("refuses unknown topics, non-JSON, invalid shapes and oversized lossy packets", () => {
    expect(parseMessage("ptz-nope", bytes({}), "server")).toEqual({ ok: false, reason: 'unknown topic "ptz-nope"' });
    expect(parseMessage("session", new TextEncoder().encode("{"), "server")).toEqual({ ok: false, reason: '"session" message is not JSON' });
    expect(parseMessage("cursor", bytes({ type: "cursor", snapshotId: "snp_abcdefgh0001", at: [2, 0] }), "browser").ok).toBe(false);
    const long = { type: "cursor", snapshotId: "snp_abcdefgh0001", at: null, pad: "x".repeat(1300) };
    expect(parseMessage("cursor", bytes(long), "browser")).toEqual({ ok: false, reason: expect.stringMatching(/exceeds 1200/) });
  });

  it("tells the sender from what LiveKit reports: no participant is the server", () => {
    expect(senderOf(undefined)).toBe("server");
    expect(senderOf("usr_1")).toBe("browser");
    expect(senderOf({ attributes: { role: "gateway" } })).toBe("gateway");
  });
});
