import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A fresh temporary folder for one API under test: its libSQL file and media folder, the environment that
 * points the API at them, and where the demo seed writes the demo gateway's device token (beside the media
 * folder). Shared by the in-process app (`startTestApp`) and the real stack (`startStack`).
 */
export function tempWorkspace(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `mcll-${name}-`));
  const env: Record<string, string> = { DATABASE_URL: `file:${join(dir, "api.db")}`, MEDIA_DIR: join(dir, "media") };
  // the licensed test photos live outside the repo; the demo's AI camera shows one
  if (process.env.TESTDATA_DIR) env.TESTDATA_DIR = process.env.TESTDATA_DIR;
  return {
    dir,
    env,
    /** the demo gateway's device token, written by the demo seed at the API's first start */
    gatewayTokenFile: join(dir, "demo-gateway.json"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
