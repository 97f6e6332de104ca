/**
 * AI抓拍 end to end below the browser: the real gateway process (media/gateway/main.ts) with the real
 * YOLOX-Nano model, the real API (edge/node.ts, demo seed with its AI camera showing the licensed photo of
 * a cook), the real LiveKit server and ffmpeg. The photo raises after-hours alerts that the API stores;
 * then the fault test: the API goes down while alerts keep happening, they wait on disk, the API comes
 * back and every alert arrives exactly once, in order — including those still queued when the gateway
 * was stopped, delivered by the next gateway run (which has no usable model: it says so and streams on).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoGateway, type Stack, startStack } from "../support/stack.ts";

let stack: Stack;
let dir: string;
let queueDir: string;
let demo: DemoGateway;
let aiCamera: { id: string; name: string };
let gateway: ChildProcess | null = null;
let output = "";

const call: Stack["call"] = (...args) => stack.call(...args);
const login = (username: string) => stack.login(username);

/** Re-checks `probe` until it returns a value (files and logs have no push channel), or fails after `ms`. */
async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, ms: number, what: string, every = 200): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}\n--- gateway output (tail) ---\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

const queued = () => readdirSync(queueDir).filter((f) => f.endsWith(".json"));
/** idempotency keys the gateway logged as queued, in order */
const raisedKeys = () => [...output.matchAll(/alert (al_[A-Za-z0-9_-]+) queued/g)].map((m) => m[1]!);

function startGateway(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "media/gateway/main.ts"], {
    env: { ...process.env, API_URL: stack.api.url, GATEWAY_TOKEN_FILE: stack.gatewayTokenFile, GATEWAY_TOKEN: "", GATEWAY_FPS: "5", GATEWAY_TEST_SIZE: "320x180", GATEWAY_ALERT_DIR: queueDir, RECORD: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  return child;
}

async function stopGateway() {
  if (!gateway || gateway.exitCode !== null) return;
  const exited = new Promise((resolve) => gateway!.once("exit", resolve));
  gateway.kill("SIGTERM");
  await exited;
}

/**
 * The stored detections, straight from the database file, in the order the API received them: each first
 * detection is an alert, each later one of the same camera and type (while the school has not disposed of it)
 * an occurrence folded into that alert.
 */
async function storedAlerts() {
  const db = createClient({ url: stack.databaseUrl });
  try {
    const rs = await db.execute({
      sql: `SELECT idempotency_key, occurred_at, type FROM (
              SELECT idempotency_key, occurred_at, received_at, type FROM alerts WHERE camera_id = ?1
              UNION ALL
              SELECT o.idempotency_key, o.occurred_at, o.received_at, a.type FROM alert_occurrences o JOIN alerts a ON a.id = o.alert_id WHERE a.camera_id = ?1
            ) ORDER BY received_at, occurred_at`,
      args: [aiCamera.id],
    });
    return rs.rows.map((r) => ({ key: String(r.idempotency_key), occurredAt: Number(r.occurred_at), type: String(r.type) }));
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  stack = await startStack({ name: "gw-alerts", livekit: true });
  ({ dir, demo } = stack);
  queueDir = join(dir, "queue");
  const director = await login("school.director");
  const cams: { id: string; name: string; source: string; gatewayId: string | null }[] = (await call("GET", `/api/v1/cameras?canteenId=${demo.canteenId}`, { token: director })).json.items;
  const ai = cams.find((c) => c.source.endsWith("person_cook_kitchen.jpg"));
  if (!ai) throw new Error(`the demo seed has no AI camera (is ../shared/testdata there?): ${cams.map((c) => c.source)}`);
  aiCamera = ai;
  // only the AI camera on this gateway (less load on a shared machine), alerting every few seconds
  for (const c of cams) if (c.id !== ai.id && c.gatewayId) expect((await call("PATCH", `/api/v1/cameras/${c.id}`, { token: director, body: { gatewayId: null } })).status).toBe(200);
  const put = await call("PUT", `/api/v1/cameras/${ai.id}/detection`, { token: director, body: { override: { workingHours: [], types: ["after_hours_intrusion"], cooldownSeconds: 3 } } });
  expect(put.status).toBe(200);
  gateway = startGateway({});
  await eventually(() => (/connected to LiveKit/.test(output) ? true : undefined), 60_000, "the gateway to connect to LiveKit");
}, 120_000);

afterAll(async () => {
  await stopGateway();
  await stack?.close();
});

describe("gateway AI alerts ↔ API", () => {
  it("says which model it runs, and the photo camera's person becomes an after-hours alert in the inspector's list with its snapshot", async () => {
    expect(output).toMatch(/AI detection: YOLOX yolox_nano\.onnx \(80 labels, 416x416 BGR, 1 thread\)/);
    const inspector = await login("echeng.inspector");
    const alert = await eventually(
      async () => {
        const res = await call("GET", `/api/v1/alerts?canteenId=${demo.canteenId}`, { token: inspector });
        expect(res.status).toBe(200);
        return (res.json.items as { id: string; type: string; cameraId: string; confidence: number; boxes: { label: string }[] }[]).find((a) => a.cameraId === aiCamera.id);
      },
      45_000,
      "an alert of the AI camera in the inspector's list",
    );
    expect(alert.type).toBe("after_hours_intrusion");
    // nobody watched: the camera was decoded at the sample rate only (decode-mode.ts), and detection still alerted
    expect(output).toMatch(new RegExp(`camera ${aiCamera.id} \\(.*\\): decoding .* at \\d+x\\d+, 1 fps \\(sample\\)`));
    expect(output).not.toMatch(/fps \(live\)/);
    expect(alert.confidence).toBeGreaterThanOrEqual(0.5);
    expect(alert.boxes.some((b) => b.label === "person")).toBe(true);
    const snap = await fetch(`${stack.api.url}/api/v1/alerts/${alert.id}/snapshot`, { headers: { authorization: `Bearer ${inspector}` } });
    expect(snap.status).toBe(200);
    const bytes = new Uint8Array(await snap.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
  }, 60_000);

  it("fault: alerts raised while the API is down wait on disk and arrive exactly once, in order, when it is back", async () => {
    const before = raisedKeys().length;
    await stack.stopApi();
    // alerts keep happening: they pile up on disk
    await eventually(() => (queued().length >= 3 ? true : undefined), 45_000, "3 alerts queued on disk while the API is down");
    expect(output).toMatch(/cannot deliver alerts: .*API unreachable.*waiting on disk/);
    expect(raisedKeys().length).toBeGreaterThan(before + 2);

    await stack.startApi();
    // the backlog drains (new alerts keep coming meanwhile)
    const backlog = raisedKeys().length;
    await eventually(async () => {
      const stored = new Set((await storedAlerts()).map((a) => a.key));
      return raisedKeys()
        .slice(0, backlog)
        .every((k) => stored.has(k))
        ? true
        : undefined;
    }, 45_000, "the backlog in the API");

    // stop raising; whatever is still queued is delivered by the next gateway run, which has no model
    await stopGateway();
    const raised = raisedKeys();
    output += "\n--- second run ---\n";
    const secondFrom = output.length;
    gateway = startGateway({ MODEL_DIR: join(dir, "no-such-model") });
    await eventually(() => (queued().length === 0 ? true : undefined), 45_000, "the queue to be empty");
    await eventually(() => (/connected to LiveKit/.test(output.slice(secondFrom)) ? true : undefined), 45_000, "the second run to stream");
    expect(output.slice(secondFrom)).toMatch(/AI detection is OFF: model folder .*no-such-model does not exist\. Cameras stream without detection/);
    await stopGateway();

    const stored = await storedAlerts();
    expect(stored.map((a) => a.key).sort()).toEqual([...raised].sort()); // none lost, none duplicated
    expect(stored.map((a) => a.key)).toEqual(raised); // in the order they were raised
    for (let i = 1; i < stored.length; i++) expect(stored[i]!.occurredAt).toBeGreaterThanOrEqual(stored[i - 1]!.occurredAt);
    expect(readdirSync(join(queueDir)).filter((f) => f === "rejected")).toEqual([]);
  }, 180_000);
});
