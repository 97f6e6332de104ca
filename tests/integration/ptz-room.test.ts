/**
 * PTZ shared in the live room (issue 17) with the real parts: the ONVIF camera simulator, the real API and
 * LiveKit, the gateway process (media/gateway/main.ts) decoding the ONVIF camera, and the principal in the room
 * with @livekit/rtc-node. The inspector takes control from the principal and pans; the principal sees control
 * change hands, the command's outcome, and her picture move. The principal's own command is refused and logged;
 * a camera lost mid-move is a clear error in the room and the gateway keeps going. Credentials stay masked.
 */
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { difference, startPtzRoom } from "../support/ptz-room.ts";

let r: Awaited<ReturnType<typeof startPtzRoom>>;
let cameraId: string;
let inspector: string;
let principal: string;

beforeAll(async () => {
  r = await startPtzRoom("ptz-room");
  ({ cameraId, inspector, principal } = r);
}, 180_000);
afterAll(async () => {
  await r?.close();
});

const ptz = (path: string, token: string, method: "GET" | "POST" | "DELETE" = "POST", body?: unknown) => r.ptz(path, token, method, body);

describe("PTZ in the room", () => {
  it("never shows the camera's password", async () => {
    const asDirector = await r.stack.call("GET", `/api/v1/cameras/${cameraId}`, { token: await r.stack.login("school.director") });
    expect(asDirector.json.source).toMatch(/^onvif:\/\/admin:••••@/);
    expect(JSON.stringify(asDirector.json)).not.toContain("s3cret-pw");
    expect((await r.stack.call("GET", `/api/v1/cameras/${cameraId}`, { token: inspector })).json.source).toBeNull();
  });

  it("one controller at a time: the inspector takes control from the principal, who cannot take it back; refused commands are logged", async () => {
    const mine = await ptz("/control", principal);
    expect(mine.status).toBe(200);
    expect(mine.json.holder).toMatchObject({ rank: "school" });
    await r.when("the room hears the principal holds control", () => r.messages.some((m) => m.type === "ptz.control" && m.holder?.rank === "school"));
    const taken = await ptz("/control", inspector);
    expect(taken.status).toBe(200);
    expect(taken.json.holder).toMatchObject({ rank: "regulator" });
    await r.when("the room hears the inspector took it", () => r.messages.some((m) => m.type === "ptz.control" && m.holder?.rank === "regulator"));
    expect((await ptz("/control", principal)).status).toBe(409);
    const refused = await ptz("/commands", principal, "POST", { action: "move", pan: 1, tilt: 0, zoom: 0 });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("conflict");
    expect(r.sim.moving().panTilt).toBe(false);
    const db = createClient({ url: r.stack.databaseUrl });
    const actions = (await db.execute("select action from audit_log where target_id = ? order by seq", [cameraId])).rows.map((r) => r.action);
    db.close();
    expect(actions).toEqual(expect.arrayContaining(["ptz.control_taken", "ptz.control_refused", "ptz.command_refused"]));
    // bad input: 400, never a half-done command
    expect((await ptz("/commands", inspector, "POST", { action: "move", pan: 3, tilt: 0, zoom: 0 })).status).toBe(400);
    expect((await ptz("/commands", inspector, "POST", { action: "spin" })).status).toBe(400);
    expect((await ptz("/control", await r.stack.login("school.parent"))).status).toBe(403);
    expect((await ptz("/control", await r.stack.login("huarong.inspector"))).status).toBe(404);
  });

  it("the inspector pans; the camera moves and the principal's picture moves with it", async () => {
    const before = r.seen.frame!;
    const move = await ptz("/commands", inspector, "POST", { action: "move", pan: 1, tilt: 0, zoom: 0.3 });
    expect(move.status).toBe(202);
    await r.when("the principal hears the move carried out", () => r.messages.some((m) => m.type === "ptz.result" && m.id === move.json.id && m.ok));
    expect(r.sim.moving().panTilt).toBe(true);
    const stop = await ptz("/commands", inspector, "POST", { action: "stop" });
    await r.when("the stop carried out", () => r.messages.some((m) => m.type === "ptz.result" && m.id === stop.json.id && m.ok));
    expect(r.sim.moving()).toEqual({ panTilt: false, zoom: false });
    expect(r.sim.position().pan).toBeGreaterThan(0);
    await r.when("the principal's picture moved", () => r.seen.frame && r.seen.frame.length === before.length && difference(before, r.seen.frame) > 5);
    const saved = await ptz("/commands", inspector, "POST", { action: "save_preset", name: "灶台" });
    await r.when("the preset saved", () => r.messages.some((m) => m.type === "ptz.result" && m.id === saved.json.id && m.ok));
    expect((await ptz("", principal, "GET")).json.presets).toEqual([expect.objectContaining({ name: "灶台" })]);
  });

  it("a camera lost in the middle of a move is a clear error in the room; the gateway keeps going", async () => {
    const move = await ptz("/commands", inspector, "POST", { action: "move", pan: -1, tilt: 0, zoom: 0 });
    await r.when("the move carried out", () => r.messages.some((m) => m.type === "ptz.result" && m.id === move.json.id && m.ok));
    await r.sim.close();
    const stop = await ptz("/commands", inspector, "POST", { action: "stop" });
    const result = await r.when("the failure reported", () => r.messages.find((m) => m.type === "ptz.result" && m.id === stop.json.id));
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/烹饪区云台: camera unreachable/) });
    expect(r.gateway.exitCode).toBeNull();
    // released: the principal may steer again
    expect((await ptz("/control", inspector, "DELETE")).json.holder).toBeNull();
    expect((await ptz("/control", principal)).status).toBe(200);
  });
});
