import { describe, expect, it } from "vitest";
import { parseMessage } from "../../server/bus/parse.ts";
import { PtzCommand } from "../../server/ptz/contracts.ts";
import { claim, holderAt, mayCommand, PTZ_LEASE_MS, rankOf } from "../../server/ptz/rules.ts";
import { continuousMove, initialState, moving, positionAt, setPreset, stop, MAX_PRESETS } from "../../media/onvif-sim/ptz-state.ts";
import { renderView, makeScene, viewWindow } from "../../media/onvif-sim/scene.ts";

const T = 1_000_000;
const held = (id: string, rank: "school" | "regulator", expiresAt = T + PTZ_LEASE_MS) => ({ holderId: id, holderRank: rank, expiresAt });

describe("PTZ control arbitration", () => {
  it("grants free control, renews one's own, and lets it lapse after the lease", () => {
    expect(claim(null, { userId: "a", rank: "school" }, T)).toEqual({ granted: true, preempted: null });
    expect(claim(held("a", "school"), { userId: "a", rank: "school" }, T)).toEqual({ granted: true, preempted: null });
    expect(holderAt(held("a", "school"), T + PTZ_LEASE_MS)).toBeNull();
    expect(claim(held("a", "regulator"), { userId: "b", rank: "school" }, T + PTZ_LEASE_MS)).toEqual({ granted: true, preempted: null });
  });

  it("the inspector takes control from the school; never the reverse, nor between equals", () => {
    expect(claim(held("staff", "school"), { userId: "insp", rank: "regulator" }, T)).toEqual({ granted: true, preempted: "staff" });
    expect(claim(held("insp", "regulator"), { userId: "staff", rank: "school" }, T)).toEqual({ granted: false, heldBy: "insp" });
    expect(claim(held("s1", "school"), { userId: "s2", rank: "school" }, T)).toEqual({ granted: false, heldBy: "s1" });
  });

  it("carries out only the holder's commands", () => {
    expect(mayCommand(held("a", "school"), "a", T)).toBe(true);
    expect(mayCommand(held("a", "school"), "b", T)).toBe(false);
    expect(mayCommand(held("a", "school"), "a", T + PTZ_LEASE_MS)).toBe(false);
    expect(mayCommand(null, "a", T)).toBe(false);
  });

  it("ranks a caller by the memberships that grant PTZ control", () => {
    expect(rankOf([{ orgKind: "school" }])).toBe("school");
    expect(rankOf([{ orgKind: "school" }, { orgKind: "regulator" }])).toBe("regulator");
  });

  it("takes only commands within ONVIF's ranges, and only the server's ptz messages", () => {
    expect(PtzCommand.safeParse({ action: "move", pan: 1.5, tilt: 0, zoom: 0 }).success).toBe(false);
    expect(PtzCommand.safeParse({ action: "goto_preset", preset: "<x>" }).success).toBe(false);
    expect(PtzCommand.safeParse({ action: "save_preset", name: "" }).success).toBe(false);
    expect(PtzCommand.safeParse({ action: "move", pan: 1, tilt: 0, zoom: 0 }).success).toBe(true);
    const msg = { type: "ptz.command", id: "ptz_abcdef12", cameraId: "cam_abcdef12", by: "usr_abcdef12", command: { action: "stop" }, at: T };
    const bytes = new TextEncoder().encode(JSON.stringify(msg));
    expect(parseMessage("ptz", bytes, "server").ok).toBe(true);
    expect(parseMessage("ptz", bytes, "browser")).toMatchObject({ ok: false, reason: expect.stringMatching(/not sent by a browser/) });
    expect(parseMessage("ptz", new TextEncoder().encode(JSON.stringify({ ...msg, command: { action: "spin" } })), "server").ok).toBe(false);
  });
});

describe("the simulated camera's movement and picture", () => {
  it("integrates a continuous move, stops at the limits and at its timeout, and on Stop", () => {
    const s = continuousMove(initialState(T), { pan: 1, tilt: 0, zoom: 0 }, T, 1000);
    expect(positionAt(s, T + 500).pan).toBeCloseTo(0.25);
    expect(positionAt(s, T + 5000).pan).toBeCloseTo(0.5); // timeout after 1 s
    expect(moving(s, T + 500).panTilt).toBe(true);
    expect(moving(s, T + 1500).panTilt).toBe(false);
    const long = continuousMove(initialState(T), { pan: -1, tilt: 0, zoom: 1 }, T, null);
    expect(positionAt(long, T + 60_000)).toEqual({ pan: -1, tilt: 0, zoom: 1 });
    expect(positionAt(stop(long, T + 1000), T + 9000).pan).toBeCloseTo(-0.5);
  });

  it("keeps at most MAX_PRESETS presets", () => {
    let s = initialState(T);
    for (let i = 0; i < MAX_PRESETS; i++) s = setPreset(s, `p${i}`, null, T)!.state;
    expect(setPreset(s, "one more", null, T)).toBeNull();
  });

  it("shows another part of the scene after a pan, and a narrower one after a zoom", () => {
    const scene = makeScene();
    const a = renderView(scene, { pan: 0, tilt: 0, zoom: 0 }, 64, 36);
    const b = renderView(scene, { pan: 0.5, tilt: 0, zoom: 0 }, 64, 36);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(renderView(scene, { pan: 0, tilt: 0, zoom: 0 }, 64, 36)))).toBe(0);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).not.toBe(0);
    expect(viewWindow({ pan: 0, tilt: 0, zoom: 1 }).w).toBeCloseTo(viewWindow({ pan: 0, tilt: 0, zoom: 0 }).w / 4);
  });
});
