import { existsSync } from "node:fs";
import { demoAiCameraPhoto } from "../db/seed/demo.ts";
import { DEFAULT_MODEL_DIR } from "../media/detect/model-dir.ts";
import { loadConfig } from "../server/config.ts";

/**
 * One clear line when the shared assets beside the repository (../shared: the detection model and the
 * licensed test photos) are missing, as on a fresh clone: the product runs, without AI detection and the
 * AI demo camera, and the line says what to set.
 */
export function sharedAssetsNotice(e: Record<string, string | undefined>, exists: (path: string) => boolean = existsSync): string | null {
  const modelDir = e.MODEL_DIR ?? DEFAULT_MODEL_DIR;
  const detection = e.GATEWAY_DETECT !== "off" && e.DEMO_GATEWAY !== "0" && !exists(modelDir);
  const photo = demoAiCameraPhoto(loadConfig(e));
  const aiCamera = photo !== null && !exists(photo);
  if (!detection && !aiCamera) return null;
  const off = [detection && "AI detection is OFF", aiCamera && "no AI demo camera is seeded"].filter(Boolean).join(" and ");
  const set = [detection && `MODEL_DIR (a YOLOX-Nano folder; looked in ${modelDir})`, aiCamera && `TESTDATA_DIR (the licensed test photos; looked for ${photo})`].filter(Boolean).join(" and ");
  return `[launch] ${off}: the shared assets beside the repo (../shared) are missing; set ${set} to turn them on (README, Prerequisites).`;
}

