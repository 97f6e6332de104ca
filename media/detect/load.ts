import { errorText } from "../gateway/log.ts";
import { ModelFolderError, type ModelSpec, readModelFolder } from "./model-folder.ts";
import { TransformersDetector } from "./transformers.ts";
import type { RuleType } from "./rules.ts";
import type { Detector } from "./types.ts";
import { YoloxDetector } from "./yolox.ts";

export { DEFAULT_MODEL_DIR } from "./model-dir.ts";

export interface LoadedDetector {
  detector: Detector;
  spec: ModelSpec;
  /** label → violation type shipped with the model (model.json); cameras' own labelMap wins */
  labelMap: Record<string, RuleType>;
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
