/**
 * Where the picture is inside a <video object-fit: contain> and which part of it a drag covers (pure). The region
 * is in fractions of the picture (what the API takes): the bars beside a letterboxed picture are not part of it.
 */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}

/** The picture's box inside the element's box, for a video of videoWidth x videoHeight shown with `contain`. */
export function pictureBox(element: Box, videoWidth: number, videoHeight: number): Box {
  if (!videoWidth || !videoHeight || !element.width || !element.height) return element;
  const scale = Math.min(element.width / videoWidth, element.height / videoHeight);
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  return { left: element.left + (element.width - width) / 2, top: element.top + (element.height - height) / 2, width, height };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** The drag from `a` to `b` (client coordinates, any direction) as a region of the picture, clipped to it; null when under `minFraction` a side. */
export function regionOf(picture: Box, a: Point, b: Point, minFraction = 0.01): { x: number; y: number; w: number; h: number } | null {
  const fx = (p: Point) => clamp01((p.x - picture.left) / picture.width);
  const fy = (p: Point) => clamp01((p.y - picture.top) / picture.height);
  const x0 = Math.min(fx(a), fx(b));
  const x1 = Math.max(fx(a), fx(b));
  const y0 = Math.min(fy(a), fy(b));
  const y1 = Math.max(fy(a), fy(b));
  if (x1 - x0 < minFraction || y1 - y0 < minFraction) return null;
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return { x: round(x0), y: round(y0), w: round(x1 - x0), h: round(y1 - y0) };
}
