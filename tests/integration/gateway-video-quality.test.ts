/**
 * Issue 17 below the browser, with real parts: the gateway process (media/gateway/main.ts), the API (demo seed),
 * LiveKit and ffmpeg. One camera's source becomes an H.265 file made here by ffmpeg from a licensed photo of
 * ../shared/testdata: 10 s of the kitchen, then 8 s of a lens covered by a grey cloth, looped. The gateway
 * detects and reports the codec (hevc, the camera's page shows it), publishes the decoded video, raises a
 * video_quality alert (covered) through the alert queue, and the API closes it when the picture is good again.
 * Then the school approves the current picture as the reference view: the gateway answers with its fingerprint.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoGateway, type Stack, startStack } from "../support/stack.ts";

const PHOTO = join(resolve(process.env.TESTDATA_DIR ?? resolve(import.meta.dirname, "../../../shared/testdata")), "images", "empty_kitchen.jpg");

let stack: Stack;
let demo: DemoGateway;
let director: string;
let camera: { id: string; name: string };
let gateway: ChildProcess | null = null;
let output = "";

async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, ms: number, what: string, every = 250): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}\n--- gateway output (tail) ---\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

type AlertRow = { id: string; type: string; cameraId: string; closedAt: string | null; boxes: { label: string }[] };
const alertsOfCamera = async (): Promise<AlertRow[]> => {
  const res = await stack.call("GET", `/api/v1/alerts?canteenId=${demo.canteenId}`, { token: director });
  expect(res.status).toBe(200);
  return (res.json.items as AlertRow[]).filter((a) => a.cameraId === camera.id && a.type === "video_quality");
};

beforeAll(async () => {
  if (!existsSync(PHOTO)) throw new Error(`the licensed test photo is missing: ${PHOTO} (TESTDATA_DIR)`);
  stack = await startStack({ name: "gw-vq", livekit: true });
  demo = stack.demo;
  // the H.265 source: the kitchen for 10 s, then a flat grey (a covered lens) for 8 s
  const file = join(stack.dir, "hevc-covered.mp4");
  execFileSync("ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-y",
    "-loop", "1", "-framerate", "5", "-t", "10", "-i", PHOTO,
    "-f", "lavfi", "-i", "color=c=0x787878:s=640x360:r=5:d=8",
    "-filter_complex", "[0:v]scale=640:360,setsar=1,format=yuv420p[a];[1:v]setsar=1,format=yuv420p[b];[a][b]concat=n=2:v=1[v]",
    "-map", "[v]", "-c:v", "libx265", "-x265-params", "log-level=error", "-preset", "ultrafast", "-tag:v", "hvc1", file,
  ]);
  director = await stack.login("school.director");
  const cams: { id: string; name: string; source: string; gatewayId: string | null }[] = (await stack.call("GET", `/api/v1/cameras?canteenId=${demo.canteenId}`, { token: director })).json.items;
  const onGateway = cams.filter((c) => c.gatewayId);
  camera = onGateway[0]!;
  for (const c of onGateway.slice(1)) expect((await stack.call("PATCH", `/api/v1/cameras/${c.id}`, { token: director, body: { gatewayId: null } })).status).toBe(200);
  expect((await stack.call("PATCH", `/api/v1/cameras/${camera.id}`, { token: director, body: { source: file } })).status).toBe(200);
  // quick episodes for the test: 2 s to raise, 2 s to clear; no AI detection on this camera
  const put = await stack.call("PUT", `/api/v1/cameras/${camera.id}/detection`, {
    token: director,
    body: { override: { enabled: false, videoQuality: { sampleSeconds: 0.5, persistSeconds: 2, clearSeconds: 2, frozenSeconds: 3600 } } },
  });
  expect(put.status).toBe(200);
  gateway = spawn(process.execPath, ["--import", "tsx", "media/gateway/main.ts"], {
    env: { ...process.env, API_URL: stack.api.url, GATEWAY_TOKEN_FILE: stack.gatewayTokenFile, GATEWAY_TOKEN: "", GATEWAY_FPS: "5", GATEWAY_DETECT: "off", GATEWAY_ALERT_DIR: join(stack.dir, "queue"), RECORD: "off" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  gateway.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  gateway.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  await eventually(() => (/connected to LiveKit/.test(output) ? true : undefined), 60_000, "the gateway to connect to LiveKit");
}, 120_000);

afterAll(async () => {
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((r) => gateway!.once("exit", r));
    gateway.kill("SIGTERM");
    await exited;
  }
  await stack?.close();
});

describe("codec detection and 视频诊断 through the gateway", () => {
  it("an H.265 source is detected as hevc, reported to the API and decoded (the camera goes online)", async () => {
    const cam = await eventually(
      async () => {
        const res = await stack.call("GET", `/api/v1/cameras/${camera.id}`, { token: director });
        expect(res.status).toBe(200);
        return res.json.video && res.json.status === "online" ? res.json : undefined;
      },
      45_000,
      "the camera's codec on its page",
    );
    expect(cam.video).toEqual({ codec: "hevc", width: 640, height: 360 });
    expect(output).toMatch(/sends H\.265 \(640x360\): decoded in software/);
    expect(output).toMatch(/decoding .*hevc-covered\.mp4 \(hevc 640x360\) at 640x360/);
  }, 60_000);

  it("a covered lens raises a video_quality alert (covered) and it closes by itself when the picture is good again", async () => {
    const raised = await eventually(async () => (await alertsOfCamera())[0], 45_000, "a video_quality alert");
    expect(raised.boxes.map((b) => b.label)).toEqual(["covered"]);
    const snap = await fetch(`${stack.api.url}/api/v1/alerts/${raised.id}/snapshot`, { headers: { authorization: `Bearer ${director}` } });
    expect(snap.status).toBe(200);
    const closed = await eventually(async () => (await alertsOfCamera()).find((a) => a.id === raised.id && a.closedAt), 60_000, "the alert closed when the kitchen is back");
    expect(closed.closedAt).not.toBeNull();
    expect(output).toMatch(/picture good again/);
  }, 120_000);

  it("the school approves the current picture as the reference: pending, then captured from the gateway", async () => {
    const res = await stack.call("POST", `/api/v1/cameras/${camera.id}/reference`, { token: director });
    expect(res.status).toBe(200);
    expect(res.json.reference.pending).toBe(true);
    const cam = await eventually(
      async () => {
        const r = await stack.call("GET", `/api/v1/cameras/${camera.id}`, { token: director });
        return r.json.reference.approvedAt ? r.json : undefined;
      },
      30_000,
      "the reference captured",
    );
    expect(cam.reference.pending).toBe(false);
    // bad input: a malformed id is a 400 envelope, not a 500
    const bad = await stack.call("POST", `/api/v1/cameras/cam_nope/reference`, { token: director });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("validation_failed");
  }, 60_000);
});
