/**
 * The gateway's ONVIF side against the ONVIF camera simulator (issue 17), over real HTTP and UDP, with the npm
 * `onvif` client and real ffmpeg: discovery, profiles and stream URIs, PTZ and presets, wrong credentials,
 * malformed SOAP, and a camera lost in the middle of a move while another keeps being served.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CameraRunner } from "../../media/gateway/camera-runner.ts";
import { DEFAULT_DECODE } from "../../media/gateway/ffmpeg-args.ts";
import { silentLogger } from "../../media/gateway/log.ts";
import { OnvifCamera, OnvifError } from "../../media/gateway/onvif/client.ts";
import { discover } from "../../media/gateway/onvif/discovery.ts";
import { faultReason } from "../../media/gateway/onvif/soap.ts";
import { PtzDriver } from "../../media/gateway/ptz.ts";
import { startOnvifSim, type OnvifSim } from "../../media/onvif-sim/server.ts";
import type { PtzResult } from "../../server/ptz/contracts.ts";

let sim: OnvifSim;
let other: OnvifSim;
const runners: CameraRunner[] = [];

beforeAll(async () => {
  sim = await startOnvifSim({ discovery: { address: "127.0.0.1", port: 0 }, name: "烹饪区云台" });
  other = await startOnvifSim({ discovery: false, password: "other-pw" });
});
afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  await sim.close();
  await other.close().catch(() => {});
});

const target = () => ({ xaddr: sim.deviceUrl, username: sim.username, password: sim.password });
const onvifSource = (s: OnvifSim, profile = "sub") => `onvif://${s.username}:${s.password}@${new URL(s.baseUrl).host}/onvif/device_service?profile=${profile}`;

/** The next `n` frames' first bytes of a camera decoded by the gateway's own runner. */
function decode(source: string) {
  const frames: Uint8Array[] = [];
  const waiters: Array<() => void> = [];
  const problems: string[] = [];
  const runner = new CameraRunner(
    { id: "cam_onvif0001", name: "onvif", source, areaKind: "cooking", publicVisible: false },
    {
      frame: (_id, data) => {
        frames.push(Uint8Array.from(data));
        waiters.splice(0).forEach((w) => w());
      },
      problem: (_id, reason) => {
        problems.push(reason);
        waiters.splice(0).forEach((w) => w());
      },
    },
    { ffmpeg: "ffmpeg", decode: { ...DEFAULT_DECODE, fps: 5, fontFile: null }, stallMs: 10_000, log: silentLogger },
  );
  runners.push(runner);
  runner.start();
  const next = async () => {
    const seen = frames.length;
    while (frames.length === seen) await new Promise<void>((r) => waiters.push(r));
    return frames[frames.length - 1]!;
  };
  const problem = async () => {
    while (problems.length === 0) await new Promise<void>((r) => waiters.push(r));
    return problems[0]!;
  };
  return { runner, next, problems, problem };
}

describe("discovery", () => {
  it("finds the simulated camera by a WS-Discovery probe, with its device service, name and model", async () => {
    const found = await discover({ target: { address: "127.0.0.1", port: sim.discoveryPort! }, timeoutMs: 700 });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ xaddrs: [sim.deviceUrl], name: "烹饪区云台", hardware: "SIM-PTZ-1" });
  });

  it("finds nothing where no camera answers (and does not hang)", async () => {
    expect(await discover({ target: { address: "127.0.0.1", port: 9 }, timeoutMs: 300 })).toEqual([]);
  });
});

describe("the device", () => {
  it("reads the profiles and their stream URIs with the right credentials", async () => {
    const cam = await OnvifCamera.connect(target());
    const d = await cam.device();
    expect(d).toMatchObject({ manufacturer: "Mingchu Sim", model: "SIM-PTZ-1" });
    expect(d.profiles.map((p) => [p.token, p.width, p.height, p.ptz])).toEqual([
      ["main", 1280, 720, true],
      ["sub", 640, 360, true],
    ]);
    expect(d.profiles[1]!.streamUri).toBe(`${sim.baseUrl}/stream/sub`);
  });

  it("refuses a wrong password with a clear error", async () => {
    const err = await OnvifCamera.connect({ ...target(), password: "wrong" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OnvifError);
    expect((err as OnvifError).kind).toBe("unauthorized");
  });

  it("answers malformed SOAP with a fault, and keeps serving", async () => {
    const res = await fetch(sim.deviceUrl, { method: "POST", body: "<not-soap" });
    expect(res.status).toBe(400);
    expect(faultReason(await res.text())).toMatch(/malformed/);
    await expect(OnvifCamera.connect(target())).resolves.toBeInstanceOf(OnvifCamera);
  });

  it("pans, zooms, stops, and saves and returns to a preset", async () => {
    const cam = await OnvifCamera.connect(target());
    await cam.continuousMove("main", { pan: 1, tilt: 0, zoom: 0.5 }, 10_000);
    expect(sim.moving().panTilt).toBe(true);
    await cam.stop("main");
    expect(sim.moving()).toEqual({ panTilt: false, zoom: false });
    const there = await cam.status("main");
    expect(there.pan).toBeGreaterThan(0);
    expect(there.zoom).toBeGreaterThan(0);
    const token = await cam.setPreset("main", "留样柜");
    expect(await cam.presets("main")).toContainEqual({ token, name: "留样柜" });
    await cam.continuousMove("main", { pan: -1, tilt: -1, zoom: 0 }, 10_000);
    await cam.gotoPreset("main", token);
    expect(sim.position()).toEqual(there);
    await expect(cam.gotoPreset("main", "no-such")).rejects.toMatchObject({ kind: "fault" });
  });
});

describe("onvif:// cameras at the gateway", () => {
  it("decodes the profile's stream from its device, and the picture changes when the camera pans", async () => {
    const { next, problems } = decode(onvifSource(sim));
    const before = await next();
    expect(Buffer.compare(Buffer.from(before), Buffer.from(await next()))).toBe(0); // a still picture while nothing moves
    const cam = await OnvifCamera.connect(target());
    await cam.continuousMove("sub", { pan: -1, tilt: 0, zoom: 0 }, 10_000);
    await cam.stop("sub");
    let after = await next();
    // frames already in flight may still show the old view
    for (let i = 0; i < 10 && Buffer.compare(Buffer.from(before), Buffer.from(after)) === 0; i++) after = await next();
    expect(Buffer.compare(Buffer.from(before), Buffer.from(after))).not.toBe(0);
    expect(problems).toEqual([]);
  });

  it("a wrong password in the source is a camera problem, not a crash", async () => {
    const { problem, runner } = decode(onvifSource(sim).replace(`:${sim.password}@`, ":wrong@"));
    expect(await problem()).toMatch(/ONVIF: the camera refused the user name or password/);
    await runner.stop();
  });
});

describe("PTZ commands from the room", () => {
  it("carries out the server's commands in order, reports each outcome, and fails clearly when a camera is lost mid-move while another keeps working", async () => {
    const results: PtzResult[] = [];
    const driver = new PtzDriver({ log: silentLogger, report: async (r) => void results.push(r) });
    driver.configure([
      { id: "cam_lost00001", name: "会断的云台", source: onvifSource(other, "main"), areaKind: "cooking", publicVisible: false },
      { id: "cam_kept00001", name: "好的云台", source: onvifSource(sim, "main"), areaKind: "cooking", publicVisible: false },
      { id: "cam_test00001", name: "测试", source: "test:x", areaKind: "cooking", publicVisible: false },
    ]);
    const send = (id: string, cameraId: string, command: object, from: { attributes?: Record<string, string> } | null = null) =>
      driver.receive(new TextEncoder().encode(JSON.stringify({ type: "ptz.command", id, cameraId, by: "usr_abcdef12", command, at: Date.now() })), from, "ptz");

    send("ptz_move0001", "cam_lost00001", { action: "move", pan: 1, tilt: 0, zoom: 0 });
    send("ptz_move0002", "cam_kept00001", { action: "move", pan: 0, tilt: 1, zoom: 0 });
    send("ptz_test0001", "cam_test00001", { action: "stop" });
    // a participant's packet is refused by the shared parser: nothing is carried out
    expect(send("ptz_forged01", "cam_kept00001", { action: "goto_preset", preset: "x" }, { attributes: { role: "inspector" } })).toBe(true);
    await driver.idle();
    expect(other.moving().panTilt).toBe(true);
    await other.close(); // the camera is lost in the middle of its move
    send("ptz_stop0001", "cam_lost00001", { action: "stop" });
    send("ptz_save0001", "cam_kept00001", { action: "save_preset", name: "备餐台" });
    send("ptz_stop0002", "cam_kept00001", { action: "stop" });
    await driver.idle();

    const byId = new Map(results.map((r) => [r.commandId, r]));
    expect(results.map((r) => r.commandId).sort()).toEqual(["ptz_move0001", "ptz_move0002", "ptz_save0001", "ptz_stop0001", "ptz_stop0002", "ptz_test0001"]);
    expect(byId.get("ptz_move0001")).toMatchObject({ ok: true });
    expect(byId.get("ptz_stop0001")).toMatchObject({ ok: false, error: expect.stringMatching(/会断的云台: camera unreachable/) });
    expect(byId.get("ptz_test0001")).toMatchObject({ ok: false, error: expect.stringMatching(/not an ONVIF camera/) });
    expect(byId.get("ptz_save0001")).toMatchObject({ ok: true, presets: expect.arrayContaining([expect.objectContaining({ name: "备餐台" })]) });
    expect(byId.get("ptz_stop0002")).toMatchObject({ ok: true });
    expect(results.some((r) => r.commandId === "ptz_forged01")).toBe(false);
    expect(sim.moving()).toEqual({ panTilt: false, zoom: false });
  });
});
