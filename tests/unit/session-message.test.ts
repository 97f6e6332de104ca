import { describe, expect, it, vi } from "vitest";
import type { Inspection } from "../../server/inspections/contracts.ts";
import { SessionMessage } from "../../server/live/contracts.ts";
import { announce } from "../../server/inspections/routes.ts";

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
};

describe('the "session" message contract, checked by the API before it announces', () => {
  it("sends a message that fits the contract on the session topic", async () => {
    const send = vi.fn(async (_room: string, _topic: string, _payload: unknown) => {});
    const ok = await announce({ livekit: { send } as never }, inspection.room, { type: "inspection.started", inspection: { ...inspection } });
    expect(ok).toBe(true);
    expect(send).toHaveBeenCalledWith(inspection.room, "session", expect.objectContaining({ type: "inspection.started" }));
    expect(SessionMessage.safeParse(send.mock.calls[0]![2]).success).toBe(true);
  });

  it("does not send one that does not (a bug), and says so", async () => {
    const send = vi.fn(async () => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const broken = { type: "inspection.started", inspection: { ...inspection, status: "paused" } } as unknown as SessionMessage;
    expect(await announce({ livekit: { send } as never }, inspection.room, broken)).toBe(false);
    expect(send).not.toHaveBeenCalled();
    expect(warn.mock.calls[0]!.join(" ")).toMatch(/invalid "session" message.*status/);
    warn.mockRestore();
  });

  it("a LiveKit failure is logged, not thrown (the inspection is already saved)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const send = vi.fn(async () => {
      throw new Error("connect ECONNREFUSED");
    });
    expect(await announce({ livekit: { send } as never }, inspection.room, { type: "inspection.ended", inspection: { ...inspection, status: "ended" } })).toBe(false);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
