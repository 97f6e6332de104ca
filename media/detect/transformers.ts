import { basename, dirname, resolve } from "node:path";
import { ModelFolderError, type TransformersModelSpec } from "./model-folder.ts";
import { i420ToRgb } from "./image.ts";
import type { Detection, Detector, Frame, RgbFrame } from "./types.ts";

/** What transformers.js object-detection pipelines return per object (pixel corners with percentage: false). */
export interface PipelineObject {
  score: number;
  label: string;
  box: { xmin: number; ymin: number; xmax: number; ymax: number };
}

/** The slice of a transformers.js pipeline this adapter calls: (image, options) → objects. */
export type DetectionPipeline = ((image: unknown, options: Record<string, unknown>) => Promise<PipelineObject[] | PipelineObject[][]>) & { dispose?: () => Promise<void> };

/** Pipeline objects → detections in normalised coordinates, clipped to the picture, below-threshold dropped (pure). */
export function pipelineToDetections(objects: readonly PipelineObject[], width: number, height: number, threshold: number): Detection[] {
  const out: Detection[] = [];
  for (const o of objects) {
    if (!(o.score >= threshold)) continue;
    const x1 = Math.min(Math.max(o.box.xmin, 0), width);
    const y1 = Math.min(Math.max(o.box.ymin, 0), height);
    const x2 = Math.min(Math.max(o.box.xmax, 0), width);
    const y2 = Math.min(Math.max(o.box.ymax, 0), height);
    if (x2 <= x1 || y2 <= y1) continue;
    out.push({ label: o.label.slice(0, 40), score: Math.min(1, o.score), box: { x: x1 / width, y: y1 / height, w: (x2 - x1) / width, h: (y2 - y1) / height } });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** RGB bytes (swapping BGR) as transformers.js wants them. */
export function toRgb(frame: RgbFrame): Uint8ClampedArray {
  const rgb = new Uint8ClampedArray(frame.width * frame.height * 3);
  if (frame.order === "rgb") rgb.set(frame.data.subarray(0, rgb.length));
  else for (let i = 0; i < rgb.length; i += 3) (rgb[i] = frame.data[i + 2]!), (rgb[i + 1] = frame.data[i + 1]!), (rgb[i + 2] = frame.data[i]!);
  return rgb;
}

/**
 * A local transformers.js object-detection (DETR, YOLOS, RT-DETR…) or zero-shot (OWL-ViT, Grounding DINO)
 * model folder. Never touches the network: remote models are switched off and the folder is loaded by
 * path. The pipeline is injectable so the adapter can be tested without a model.
 */
export class TransformersDetector implements Detector {
  readonly description: string;
  readonly labels: readonly string[];

  constructor(
    private readonly pipe: DetectionPipeline,
    private readonly spec: TransformersModelSpec,
    private readonly makeImage: (rgb: Uint8ClampedArray, width: number, height: number) => unknown = (rgb) => rgb,
    modelLabels: readonly string[] = [],
  ) {
    this.labels = spec.candidateLabels ?? modelLabels;
    this.description = `transformers.js ${spec.task} ${basename(spec.dir)} (${this.labels.length} labels)`;
  }

  static async load(spec: TransformersModelSpec, threads: number): Promise<TransformersDetector> {
    const tf = await import("@huggingface/transformers");
    tf.env.allowRemoteModels = false;
    tf.env.allowLocalModels = true;
    tf.env.localModelPath = `${dirname(resolve(spec.dir))}/`;
    let pipe: DetectionPipeline;
    try {
      pipe = (await tf.pipeline(spec.task, basename(resolve(spec.dir)), {
        local_files_only: true,
        ...(spec.dtype ? { dtype: spec.dtype } : {}),
        session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
      } as never)) as unknown as DetectionPipeline;
    } catch (err) {
      throw new ModelFolderError(`transformers.js cannot load ${spec.dir}: ${(err as Error).message.split("\n")[0]}`);
    }
    const config = (pipe as unknown as { model?: { config?: { id2label?: Record<string, string> } } }).model?.config;
    const labels = Object.values(config?.id2label ?? {});
    return new TransformersDetector(pipe, spec, (rgb, w, h) => new tf.RawImage(rgb, w, h, 3), labels);
  }

  async detect(input: Frame): Promise<Detection[]> {
    const frame = input.order === "i420" ? i420ToRgb(input.data, input.width, input.height) : input;
    const image = this.makeImage(toRgb(frame), frame.width, frame.height);
    const options: Record<string, unknown> = { threshold: this.spec.scoreThreshold, percentage: false };
    const result =
      this.spec.task === "zero-shot-object-detection"
        ? await (this.pipe as unknown as (i: unknown, l: string[], o: Record<string, unknown>) => Promise<PipelineObject[]>)(image, this.spec.candidateLabels!, options)
        : await this.pipe(image, options);
    const objects = (Array.isArray(result[0]) ? result[0] : result) as PipelineObject[];
    return pipelineToDetections(objects, frame.width, frame.height, this.spec.scoreThreshold);
  }

  async close(): Promise<void> {
    await this.pipe.dispose?.();
  }
}
