/**
 * 发现摄像头 from the canteen's page (issue 17) with the real parts: the API and LiveKit (the stack), the gateway process
 * and the ONVIF camera simulator answering WS-Discovery on a unicast port. Offline gateway → 503 with the reason;
 * discover → profiles with a wrong and the right password → add → the source is masked everywhere the API shows it and
 * the password is in no row of the API's database; bad input 400s.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOnvifSim, type OnvifSim } from "../../media/onvif-sim/server.ts";
import { type Stack, startStack } from "../support/stack.ts";

const PASSWORD = "Kitchen@pw/42";
let sim: OnvifSim;
let stack: Stack;
let gateway: ChildProcess | null = null;
let output = "";
let director: string;
let areaId: string;
const waiters: Array<() => void> = [];

/** Resolves when `probe` holds: checked on every line the gateway writes, and every 250 ms for what the API says. */
async function until<T>(what: string, probe: () => Promise<T | null | false> | T | null | false, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output.slice(-3000)}`);
    await new Promise<void>((r) => {
      waiters.push(r);
      setTimeout(r, 250);
    });
  }
}

beforeAll(async () => {
  sim = await startOnvifSim({ discovery: { address: "127.0.0.1", port: 0 }, name: "烹饪区云台", password: PASSWORD, fps: 2 });
  stack = await startStack({ name: "onvif-discovery", livekit: true, aiCamera: false });
  director = await stack.login("school.director");
  const cams: Array<{ id: string; gatewayId: string | null; areaId: string }> = (await stack.call("GET", `/api/v1/cameras?canteenId=${stack.demo.canteenId}`, { token: director })).json.items;
  areaId = cams[0]!.areaId;
  // the gateway decodes nothing here (a 2-core machine): discovery needs only its room and its heartbeats
  for (const c of cams) if (c.gatewayId) expect((await stack.call("PATCH", `/api/v1/cameras/${c.id}`, { token: director, body: { gatewayId: null } })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((r) => gateway!.once("exit", r));
    gateway.kill("SIGTERM");
    await exited;
  }
  await stack?.close();
  await sim?.close().catch(() => {});
});

const discover = () => stack.call("POST", `/api/v1/gateways/${stack.demo.gatewayId}/onvif/discoveries`, { token: director });
const settled = (id: string) => until(`request ${id} answered`, async () => {
  const r = await stack.call("GET", `/api/v1/onvif/requests/${id}`, { token: director });
  expect(r.status).toBe(200);
  return r.json.status !== "pending" && r.json;
});

describe("ONVIF discovery from the canteen page", () => {
  it("answers 503 with the reason while the gateway is offline", async () => {
    const r = await stack.call("POST", `/api/v1/gateways/${stack.demo.gatewayId}/onvif/discoveries`, { token: director, headers: { "accept-language": "zh-CN" } });
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe("service_unavailable");
    expect(r.json.error.message).toContain("网关离线");
  });

  it("refuses bad input with 400 and foreign or unknown ids with 404", async () => {
    const gw = stack.demo.gatewayId;
    expect((await stack.call("POST", `/api/v1/gateways/${gw}/onvif/profiles`, { token: director, body: { xaddr: "ftp://10.0.0.5/onvif", username: "admin", password: "x" } })).status).toBe(400);
    expect((await stack.call("POST", `/api/v1/gateways/${gw}/onvif/profiles`, { token: director, body: { xaddr: sim.deviceUrl, username: "", password: "x" } })).status).toBe(400);
    expect((await stack.call("POST", `/api/v1/gateways/${gw}/onvif/profiles`, { token: director, body: { xaddr: sim.deviceUrl, username: "admin", password: "x", extra: 1 } })).status).toBe(400);
    expect((await stack.call("POST", "/api/v1/gateways/not-an-id/onvif/discoveries", { token: director })).status).toBe(400);
    expect((await stack.call("POST", "/api/v1/gateways/gw_doesnotexist01/onvif/discoveries", { token: director })).status).toBe(404);
    expect((await stack.call("GET", "/api/v1/onvif/requests/onv_doesnotexist01", { token: director })).status).toBe(404);
    const add = await stack.call("POST", "/api/v1/onvif/cameras", { token: director, body: { requestId: "onv_doesnotexist01", profile: "bad token!", username: "admin", password: "x", name: "x", areaId } });
    expect(add.status).toBe(400);
    expect(add.json.error.code).toBe("validation_failed");
    // the gateway's answer needs its device token
    expect((await stack.call("POST", "/api/v1/gateway/onvif/results", { token: director, body: { requestId: "onv_doesnotexist01", ok: true, devices: [] } })).status).toBe(401);
  });

  it("discovers the camera, reads its profiles (wrong then right password) and adds one, masked", async () => {
    gateway = spawn(process.execPath, ["--import", "tsx", "media/gateway/main.ts"], {
      env: { ...process.env, API_URL: stack.api.url, GATEWAY_TOKEN_FILE: stack.gatewayTokenFile, GATEWAY_TOKEN: "", GATEWAY_DETECT: "off", RECORD: "off", ONVIF_DISCOVERY: `127.0.0.1:${sim.discoveryPort}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const s of [gateway.stdout!, gateway.stderr!])
      s.on("data", (b: Buffer) => {
        output = (output + b.toString()).slice(-100_000);
        waiters.splice(0).forEach((w) => w());
      });
    await until("the gateway in its room", () => output.includes("connected to LiveKit"));
    const started = await until("the gateway online", async () => {
      const r = await discover();
      return r.status === 202 && r.json;
    });
    expect(started.status).toBe("pending");
    const found = await settled(started.id);
    expect(found.status).toBe("done");
    const device = found.devices.find((d: { xaddr: string }) => d.xaddr === sim.deviceUrl);
    expect(device).toMatchObject({ name: "烹饪区云台", xaddr: sim.deviceUrl });

    const ask = (password: string) => stack.call("POST", `/api/v1/gateways/${stack.demo.gatewayId}/onvif/profiles`, { token: director, body: { xaddr: device.xaddr, username: sim.username, password } });
    const wrong = await ask("not-the-password");
    expect(wrong.status).toBe(202);
    const refused = await settled(wrong.json.id);
    expect(refused).toMatchObject({ status: "failed", failure: "unauthorized", device: null });

    const right = await ask(PASSWORD);
    const read = await settled(right.json.id);
    expect(read.status).toBe("done");
    const tokens = read.device.profiles.map((p: { token: string }) => p.token);
    expect(tokens).toEqual(expect.arrayContaining(["main", "sub"]));
    const main = read.device.profiles.find((p: { token: string }) => p.token === "main");
    expect(main).toMatchObject({ width: 1280, height: 720, ptz: true });
    expect(JSON.stringify(read)).not.toContain(PASSWORD);

    // a profile the device does not have, an area of another canteen's kind of mistake: refused, nothing written
    expect((await stack.call("POST", "/api/v1/onvif/cameras", { token: director, body: { requestId: right.json.id, profile: "nope", username: sim.username, password: PASSWORD, name: "云台", areaId } })).status).toBe(409);
    expect((await stack.call("POST", "/api/v1/onvif/cameras", { token: director, body: { requestId: wrong.json.id, profile: "main", username: sim.username, password: PASSWORD, name: "云台", areaId } })).status).toBe(409);

    const added = await stack.call("POST", "/api/v1/onvif/cameras", { token: director, body: { requestId: right.json.id, profile: "main", username: sim.username, password: PASSWORD, name: "烹饪区云台(发现)", areaId } });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ name: "烹饪区云台(发现)", ptz: true, gatewayId: stack.demo.gatewayId });
    const host = new URL(sim.deviceUrl).host;
    expect(added.json.source).toBe(`onvif://${sim.username}:••••@${host}/onvif/device_service?profile=main`);
    const again = await stack.call("GET", `/api/v1/cameras/${added.json.id}`, { token: director });
    expect(again.json.source).toBe(added.json.source);
    const list = await stack.call("GET", `/api/v1/cameras?canteenId=${stack.demo.canteenId}`, { token: director });
    expect(JSON.stringify(list.json)).not.toContain(PASSWORD);

    // stored for the gateway (percent-encoded: the @ and / of the password cannot move the host); in no other row
    const db = createClient({ url: stack.databaseUrl });
    try {
      const cam = await db.execute({ sql: "select source from cameras where id = ?", args: [added.json.id] });
      expect(cam.rows[0]!.source).toBe(`onvif://${sim.username}:${encodeURIComponent(PASSWORD)}@${host}/onvif/device_service?profile=main`);
      // the audit chain keeps a digest of each change (the change itself, password masked, is the service's business)
      const audit = await db.execute("select action from audit_log where action like 'onvif.%' or action = 'camera.create'");
      expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(["onvif.discover", "onvif.profiles", "camera.create"]));
      const kept = await db.execute("select * from onvif_requests");
      expect(JSON.stringify(kept.rows)).not.toContain(PASSWORD);
    } finally {
      db.close();
    }
    expect(output).not.toContain(PASSWORD);
  }, 180_000);

  it("answers a probe that finds nothing with an empty list", async () => {
    await sim.close();
    const r = await discover();
    expect(r.status).toBe(202);
    const done = await settled(r.json.id);
    expect(done).toMatchObject({ status: "done", devices: [] });
  }, 60_000);
});
