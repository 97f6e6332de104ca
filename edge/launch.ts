/**
 * `npm start` ends here: the whole product on one machine. Starts the project's LiveKit server (unless
 * LIVEKIT_URL/KEY/SECRET point at another), the API on Deno (edge/deno.ts: migrations, demo seed with its
 * history, client), and the demo city: every demo canteen's edge gateway in one process (media/gateway/city.ts),
 * whose `test:` cameras are decoded only while someone watches. Ctrl-C stops all three.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { loadConfig } from "../server/config.ts";
import { demoGatewayFile } from "./boot.ts";
import { startLiveKit, type LiveKitServer } from "../media/livekit/dev-server.ts";
import { sharedAssetsNotice } from "./shared-assets.ts";

const env: Record<string, string | undefined> = { ...process.env };
// a fresh database gets ≥ 90 days of history (db/seed/history.ts); tests seed without it
env.SEED_HISTORY ??= "1";
const config = loadConfig(env);
const children: ChildProcess[] = [];
let livekit: LiveKitServer | null = null;

function run(name: string, cmd: string, args: string[], ready?: RegExp, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(cmd, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let seen = false;
    const onData = (chunk: Buffer) => {
      process.stdout.write(chunk); // each process prefixes its own lines ([api], [gateway], …)
      if (!seen && (!ready || ready.test(chunk.toString()))) {
        seen = true;
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      if (!seen) reject(new Error(`${name} exited with ${code} before it was ready`));
      else if (!stopping) {
        console.error(`[launch] ${name} exited with ${code}; stopping everything`);
        void stop(1);
      }
    });
    if (!ready) {
      seen = true;
      resolve(child);
    }
  });
}

let stopping = false;
async function stop(code = 0) {
  stopping = true;
  for (const child of children.reverse()) if (child.exitCode === null) child.kill("SIGTERM");
  await livekit?.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
// whatever ends this process, its children end with it
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  livekit?.kill();
});

try {
  const notice = sharedAssetsNotice(env);
  if (notice) console.log(notice);
  if (!config.livekit) {
    livekit = await startLiveKit({
      port: Number(env.LIVEKIT_PORT ?? 7880),
      webhookUrl: `http://127.0.0.1:${config.port}/api/v1/livekit/webhook`,
    });
    Object.assign(env, { LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret });
    console.log(`[launch] LiveKit server on ${livekit.url}`);
  }
  // the demo's ONVIF PTZ camera (issue 17): the simulator (media/onvif-sim), seeded as a camera of the demo canteen
  if (env.DEMO_ONVIF_SIM !== "0") {
    const port = env.ONVIF_SIM_PORT ?? "8090";
    env.ONVIF_DISCOVERY ??= "127.0.0.1:3702";
    env.DEMO_ONVIF_CAMERA ??= `onvif://admin:admin123@127.0.0.1:${port}/onvif/device_service?profile=sub`;
    await run("onvif-sim", process.execPath, ["--import", "tsx", "media/onvif-sim/main.ts"], /\[onvif-sim\]/, { ONVIF_SIM_PORT: port });
  }
  const deno = "node_modules/.bin/deno";
  await run("api", deno, ["run", "--allow-net", "--allow-read", "--allow-write", "--allow-env", "--allow-ffi", "--allow-sys", "edge/deno.ts"], /is running at/);
  const tokenFile = demoGatewayFile(config);
  if (env.DEMO_GATEWAY !== "0" && existsSync(tokenFile)) {
    Object.assign(env, { API_URL: `http://127.0.0.1:${config.port}`, GATEWAY_TOKEN_FILE: tokenFile });
    // the clock drawn on `test:` cameras shows China time unless TZ says otherwise
    await run("gateway", process.execPath, ["--import", "tsx", "media/gateway/city.ts"], undefined, { TZ: env.TZ ?? "Asia/Shanghai" });
    console.log("[launch] demo city started: one edge gateway per demo canteen (test cameras are decoded only while watched)");
  }
} catch (err) {
  console.error(`[launch] ${(err as Error).message}`);
  await stop(1);
}
