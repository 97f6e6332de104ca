import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { startProcess } from "../../support/process.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
export const GATEWAY_MAIN = join(ROOT, "media/gateway/main.ts");

/**
 * The real edge gateway (media/gateway) as a child process: it reads its device token from the file the
 * demo seed wrote, fetches its cameras from the API, and publishes one video track per camera. Small
 * pictures at a low frame rate by default, so a test machine can run Chromium beside it. Resolves once
 * `cameras` tracks have been published.
 */
export async function startGateway(opts: { apiUrl: string; tokenFile: string; cameras?: number; env?: Record<string, string> }) {
  if (!existsSync(GATEWAY_MAIN)) throw new Error(`the camera gateway is missing (${GATEWAY_MAIN}): the video tests need it`);
  const want = opts.cameras ?? 1;
  const published = new RegExp(`(published as track[\\s\\S]*){${want}}`);
  const proc = startProcess(process.execPath, ["--import", "tsx", GATEWAY_MAIN], {
    cwd: ROOT,
    env: { API_URL: opts.apiUrl, GATEWAY_TOKEN_FILE: opts.tokenFile, GATEWAY_FPS: "8", GATEWAY_TEST_SIZE: "320x180", GATEWAY_MAX_BITRATE: "150000", RECORD: "off", ...opts.env },
    ready: published,
    timeoutMs: 90_000,
  });
  await proc.ready;
  return proc;
}
