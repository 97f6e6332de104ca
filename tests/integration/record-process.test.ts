/**
 * The gateway process records (issue 19): media/gateway/main.ts against the real API and LiveKit, one camera,
 * 2-second segments. It records from its configuration, and SIGTERM finishes the open segment, takes the heads
 * and delivers them before it exits: the API's recorded share of today counts them, and the chain on disk folds to
 * the anchored head. A second run starts with a `gateway_stopped` gap.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldChain, GENESIS } from "../../media/record/chain-hash.ts";
import { type Stack, startStack } from "../support/stack.ts";

let stack: Stack;
let output = "";
let camera: { id: string };
const recordDir = () => join(stack.dir, "recordings");

function run(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "media/gateway/main.ts"], {
    env: { ...process.env, API_URL: stack.api.url, GATEWAY_TOKEN_FILE: stack.gatewayTokenFile, GATEWAY_TOKEN: "", GATEWAY_FPS: "5", GATEWAY_TEST_SIZE: "160x96", GATEWAY_DETECT: "off", RECORD_DIR: recordDir(), RECORD_SEGMENT_S: "2" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  return child;
}

const chain = () =>
  readFileSync(join(recordDir(), camera.id, "chain.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

async function segmentsOnDisk(n: number) {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 300))) {
    try {
      if (chain().filter((l) => l.kind === "segment").length >= n) return;
    } catch {
      /* not yet written */
    }
  }
  throw new Error(`no ${n} segments on disk within 60 s\n${output.slice(-3000)}`);
}

async function stop(child: ChildProcess) {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

beforeAll(async () => {
  stack = await startStack({ name: "rec-proc", livekit: true, aiCamera: false });
  const director = await stack.login("school.director");
  const cams: Array<{ id: string; gatewayId: string | null }> = (await stack.call("GET", `/api/v1/cameras?canteenId=${stack.demo.canteenId}`, { token: director })).json.items;
  camera = cams.find((c) => c.gatewayId)!;
  // one camera on this gateway: less load on a shared machine
  for (const c of cams) if (c.id !== camera.id && c.gatewayId) expect((await stack.call("PATCH", `/api/v1/cameras/${c.id}`, { token: director, body: { gatewayId: null } })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe("the gateway process records", () => {
  it("records its camera and anchors the head at shutdown; the next run starts with the stop's gap", async () => {
    const first = run();
    await segmentsOnDisk(2);
    await stop(first);
    expect(output).toMatch(/recording into .*2 s segments, kept 7 days/);
    const links = chain();
    expect(foldChain(GENESIS, links)).toEqual({ head: links.at(-1).hash });
    const principal = await stack.login("school.principal");
    const day = await stack.call("GET", `/api/v1/cameras/${camera.id}/recordings`, { token: principal });
    expect(day.status).toBe(200);
    const recorded = links.filter((l) => l.kind === "segment").reduce((n, l) => n + l.end - l.start, 0);
    expect(day.json.recordedMs).toBe(recorded);
    expect(day.json.lastAnchorAt).not.toBeNull();

    const second = run();
    await segmentsOnDisk(links.filter((l) => l.kind === "segment").length + 1);
    await stop(second);
    const after = chain();
    expect(after[links.length]).toMatchObject({ kind: "gap", reason: "gateway_stopped" });
    const again = await stack.call("GET", `/api/v1/cameras/${camera.id}/recordings`, { token: principal });
    expect(again.json.gaps.map((g: { reason: string }) => g.reason)).toContain("gateway_stopped");
  }, 150_000);
});
