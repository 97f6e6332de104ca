import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { GatewayAlertType } from "../../server/alerts/ingest-contracts.ts";

/**
 * A model folder (MODEL_DIR) and its optional `model.json`. Without model.json the folder is taken as a
 * YOLOX export like ../shared/models/yolox-nano-coco: its single `*.onnx` file, its single label file
 * (`*label*.txt`, one label per line, line = class index) and the input size read from the ONNX input.
 *
 * model.json (every field optional except `format`):
 *   { "format": "yolox", "model": "kitchen.onnx", "labels": "labels.txt", "inputWidth": 640, "inputHeight": 640,
 *     "channelOrder": "bgr", "scoreThreshold": 0.3, "nmsIou": 0.45, "labelMap": { "no_mask": "no_mask" } }
 *   { "format": "transformers", "task": "zero-shot-object-detection", "candidateLabels": ["rat", "cigarette"],
 *     "scoreThreshold": 0.3, "labelMap": { "rat": "rodent", "cigarette": "smoking" } }
 * `labelMap` maps the model's labels to violation types (the camera's DetectionSettings.labelMap wins).
 */
export class ModelFolderError extends Error {}

const LabelMap = z.record(z.string().min(1).max(40), GatewayAlertType);
const Threshold = z.number().min(0).max(1);

export const YoloxModelJson = z.strictObject({
  format: z.literal("yolox"),
  model: z.string().min(1).optional(),
  labels: z.string().min(1).optional(),
  inputWidth: z.number().int().min(32).max(2048).multipleOf(32).optional(),
  inputHeight: z.number().int().min(32).max(2048).multipleOf(32).optional(),
  channelOrder: z.enum(["bgr", "rgb"]).default("bgr"),
  scoreThreshold: Threshold.default(0.3),
  nmsIou: Threshold.default(0.45),
  labelMap: LabelMap.default({}),
});

export const TransformersModelJson = z.strictObject({
  format: z.literal("transformers"),
  task: z.enum(["object-detection", "zero-shot-object-detection"]).default("object-detection"),
  /** the words a zero-shot model looks for (required for zero-shot) */
  candidateLabels: z.array(z.string().min(1).max(40)).max(50).optional(),
  scoreThreshold: Threshold.default(0.3),
  /** load the quantized (q8) weights when the folder has them */
  dtype: z.enum(["fp32", "fp16", "q8", "int8", "uint8", "q4"]).optional(),
  labelMap: LabelMap.default({}),
});

export const ModelJson = z.discriminatedUnion("format", [YoloxModelJson, TransformersModelJson]);

export type YoloxModelSpec = Omit<z.infer<typeof YoloxModelJson>, "labels"> & { dir: string; modelPath: string; labelsPath: string; labels: string[] };
export type TransformersModelSpec = z.infer<typeof TransformersModelJson> & { dir: string };
export type ModelSpec = YoloxModelSpec | TransformersModelSpec;

/** One label per line; blank lines at the end ignored, blank lines inside refused (indices would shift). */
export function parseLabels(text: string, file: string): string[] {
  const lines = text.replace(/\r/g, "").replace(/\n+$/, "").split("\n").map((l) => l.trim());
  if (lines.length === 0 || (lines.length === 1 && lines[0] === "")) throw new ModelFolderError(`${file} has no labels`);
  const blank = lines.findIndex((l) => l === "");
  if (blank >= 0) throw new ModelFolderError(`${file} line ${blank + 1} is empty (one label per line; the line number is the class index)`);
  const long = lines.find((l) => l.length > 40);
  if (long) throw new ModelFolderError(`${file}: label "${long.slice(0, 50)}…" is longer than 40 characters`);
  return lines;
}

function only(dir: string, files: string[], test: (f: string) => boolean, what: string): string {
  const found = files.filter(test);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new ModelFolderError(`${dir} has no ${what}`);
  throw new ModelFolderError(`${dir} has several ${what} (${found.join(", ")}): name the one to use in model.json`);
}

/** Reads and checks a model folder; every problem is a ModelFolderError with a message for the operator. */
export function readModelFolder(dir: string): ModelSpec {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ModelFolderError(`model folder ${dir} does not exist`);
  const files = readdirSync(dir);
  let json: z.infer<typeof ModelJson> = YoloxModelJson.parse({ format: "yolox" });
  if (files.includes("model.json")) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    } catch (err) {
      throw new ModelFolderError(`${join(dir, "model.json")} is not valid JSON: ${(err as Error).message}`);
    }
    const parsed = ModelJson.safeParse(raw);
    if (!parsed.success) {
      throw new ModelFolderError(`${join(dir, "model.json")} is malformed: ${parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
    }
    json = parsed.data;
  }
  if (json.format === "transformers") {
    if (json.task === "zero-shot-object-detection" && !json.candidateLabels?.length) throw new ModelFolderError(`${join(dir, "model.json")}: a zero-shot model needs candidateLabels`);
    if (!files.includes("config.json")) throw new ModelFolderError(`${dir} is not a transformers.js model folder (no config.json)`);
    return { ...json, dir };
  }
  const model = json.model ?? only(dir, files, (f) => f.endsWith(".onnx"), "*.onnx model file");
  const labelsFile = json.labels ?? only(dir, files, (f) => /label/i.test(f) && f.endsWith(".txt"), "label file (*label*.txt)");
  const modelPath = join(dir, model);
  const labelsPath = join(dir, labelsFile);
  if (!existsSync(modelPath)) throw new ModelFolderError(`model file ${modelPath} does not exist`);
  if (!existsSync(labelsPath)) throw new ModelFolderError(`label file ${labelsPath} does not exist`);
  const labels = parseLabels(readFileSync(labelsPath, "utf8"), labelsPath);
  for (const label of Object.keys(json.labelMap)) {
    if (!labels.includes(label)) throw new ModelFolderError(`${join(dir, "model.json")}: labelMap names "${label}", which is not in ${labelsFile}`);
  }
  return { ...json, dir, modelPath, labelsPath, labels };
}
