import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is media/detect/model-dir.ts). */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** MODEL_DIR's default: the shared YOLOX-Nano COCO folder beside the repository. */
export const DEFAULT_MODEL_DIR = resolve(REPO_ROOT, "../shared/models/yolox-nano-coco");
