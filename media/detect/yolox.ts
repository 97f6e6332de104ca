import { basename } from "node:path";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { letterbox } from "./letterbox.ts";
import { ModelFolderError, type YoloxModelSpec } from "./model-folder.ts";
import { nmsPerClass } from "./nms.ts";
import type { Detection, Detector, Frame } from "./types.ts";
import { decodeYolox, type Grid, yoloxGrid } from "./yolox-decode.ts";

export interface YoloxOptions {
  /** onnxruntime intra-op threads (DETECT_THREADS) */
  threads: number;
}

/**
 * A YOLOX-format ONNX model (YOLOX-Nano COCO by default, or a vendor's kitchen model with its own labels)
 * on onnxruntime-node. `run` executes on onnxruntime's own threads, so the event loop (and with it the
 * video publishing) keeps going while a frame is analysed; letterboxing and decoding are in JS (~2–5 ms).
 */
export class YoloxDetector implements Detector {
  readonly labels: readonly string[];
  readonly description: string;
  private readonly grid: Grid;
  private readonly tensor: Float32Array;

  private constructor(
    private readonly session: InferenceSession,
    private readonly spec: YoloxModelSpec,
    private readonly inputWidth: number,
    private readonly inputHeight: number,
    threads: number,
  ) {
    this.labels = spec.labels;
    this.grid = yoloxGrid(inputWidth, inputHeight);
    this.tensor = new Float32Array(3 * inputWidth * inputHeight);
    this.description = `YOLOX ${basename(spec.modelPath)} (${spec.labels.length} labels, ${inputWidth}x${inputHeight} ${spec.channelOrder.toUpperCase()}, ${threads} thread${threads === 1 ? "" : "s"})`;
  }

  static async load(spec: YoloxModelSpec, o: YoloxOptions): Promise<YoloxDetector> {
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(spec.modelPath, { intraOpNumThreads: o.threads, interOpNumThreads: 1, logSeverityLevel: 3, executionMode: "sequential" });
    } catch (err) {
      throw new ModelFolderError(`onnxruntime cannot load ${spec.modelPath}: ${(err as Error).message.split("\n")[0]}`);
    }
    const fail = (why: string) => {
      void session.release();
      return new ModelFolderError(`${spec.modelPath} is not a YOLOX model this gateway can run: ${why}`);
    };
    if (session.inputNames.length !== 1 || session.outputNames.length !== 1) throw fail(`expected 1 input and 1 output, found ${session.inputNames.length} and ${session.outputNames.length}`);
    const input = session.inputMetadata[0]!;
    const output = session.outputMetadata[0]!;
    const shape = input.isTensor ? input.shape : [];
    const fromModel = (v: unknown) => (typeof v === "number" && v > 0 ? v : undefined);
    const inputHeight = spec.inputHeight ?? fromModel(shape[2]);
    const inputWidth = spec.inputWidth ?? fromModel(shape[3]);
    if (!inputWidth || !inputHeight) throw fail("its input size is dynamic: set inputWidth/inputHeight in model.json");
    if (shape.length !== 4 || fromModel(shape[1]) !== 3) throw fail(`input shape ${JSON.stringify(shape)} is not [1, 3, H, W]`);
    const outShape = output.isTensor ? output.shape : [];
    const rows = yoloxGrid(inputWidth, inputHeight).gx.length;
    if (typeof outShape[2] === "number" && outShape[2] !== 5 + spec.labels.length) {
      throw fail(`each output row has ${outShape[2]} values, so ${outShape[2] - 5} classes, but ${basename(spec.labelsPath)} has ${spec.labels.length} labels`);
    }
    if (typeof outShape[1] === "number" && outShape[1] !== rows) throw fail(`output has ${outShape[1]} rows, expected ${rows} for ${inputWidth}x${inputHeight} (strides 8/16/32, no decode-in-inference)`);
    return new YoloxDetector(session, spec, inputWidth, inputHeight, o.threads);
  }

  /** one frame at a time: the input tensor is reused */
  private queue: Promise<unknown> = Promise.resolve();

  detect(frame: Frame): Promise<Detection[]> {
    const run = this.queue.then(() => this.run(frame));
    this.queue = run.catch(() => {});
    return run;
  }

  private async run(frame: Frame): Promise<Detection[]> {
    const { spec } = this;
    const lb = letterbox(frame, this.inputWidth, this.inputHeight, spec.channelOrder, 114, this.tensor);
    const input = new Tensor("float32", lb.tensor, [1, 3, this.inputHeight, this.inputWidth]);
    const result = await this.session.run({ [this.session.inputNames[0]!]: input });
    const output = result[this.session.outputNames[0]!]!.data as Float32Array;
    const candidates = decodeYolox(output, spec.labels.length, this.grid, lb.ratio, frame.width, frame.height, spec.scoreThreshold);
    return nmsPerClass(candidates, spec.nmsIou).map((c) => ({
      label: spec.labels[c.classIndex]!,
      score: c.score,
      box: { x: c.x1 / frame.width, y: c.y1 / frame.height, w: (c.x2 - c.x1) / frame.width, h: (c.y2 - c.y1) / frame.height },
    }));
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
