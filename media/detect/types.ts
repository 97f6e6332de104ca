/**
 * What every detector gives back: labelled boxes in normalised image coordinates (0..1, origin top-left),
 * so rules, zones and alerts never depend on the camera's resolution or the model's input size.
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Detection {
  /** the model's own label, e.g. "person", "cell phone", "no_mask" */
  label: string;
  score: number;
  box: Box;
}

/** A decoded picture, 3 bytes per pixel, row-major, no padding. */
export interface RgbFrame {
  data: Uint8Array;
  width: number;
  height: number;
  /** byte order of each pixel */
  order: "rgb" | "bgr";
}

/** A camera frame as ffmpeg decodes it (planar Y, U, V 4:2:0, BT.601 limited range): no conversion needed. */
export interface I420Frame {
  data: Uint8Array;
  width: number;
  height: number;
  order: "i420";
}

export type Frame = RgbFrame | I420Frame;

export interface Detector {
  /** for logs, e.g. "yolox yolox_nano.onnx (80 labels, 416x416)" */
  readonly description: string;
  /** the labels the model can give (custom models: their own label file) */
  readonly labels: readonly string[];
  detect(frame: Frame): Promise<Detection[]>;
  close(): Promise<void>;
}
