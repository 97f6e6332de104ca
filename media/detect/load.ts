import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { errorText } from "../gateway/log.ts";
import { ModelFolderError, type ModelSpec, readModelFolder } from "./model-folder.ts";
import { TransformersDetector } from "./transformers.ts";
import type { Detector } from "./types.ts";
import { YoloxDetector } from "./yolox.ts";

/** The repository root (this file is media/detect/load.ts). */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** MODEL_DIR's default: the shared YOLOX-Nano COCO folder beside the repository. */
export const DEFAULT_MODEL_DIR = resolve(REPO_ROOT, "../shared/models/yolox-nano-coco");

export interface LoadedDetector {
  detector: Detector;
  spec: ModelSpec;
  /** label → violation type shipped with the model (model.json); cameras' own labelMap wins */
  labelMap: Record<string, string>;
}

/** Loads the model folder; any problem becomes one ModelFolderError with a message for the operator. */
export async function loadDetector(dir: string, threads: number): Promise<LoadedDetector> {
  const spec = readModelFolder(dir);
  try {
    const detector = spec.format === "yolox" ? await YoloxDetector.load(spec, { threads }) : await TransformersDetector.load(spec, threads);
    return { detector, spec, labelMap: spec.labelMap };
  } catch (err) {
    if (err instanceof ModelFolderError) throw err;
    throw new ModelFolderError(`cannot load the model in ${dir}: ${errorText(err)}`);
  }
}
