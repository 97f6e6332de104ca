import type { zhCNZoom } from "./zh-CN.zoom.ts";

/** English texts of the digital zoom in the live room (issue 17). */
export const enZoom: Record<keyof typeof zhCNZoom, string> = {
  "zoom.start": "Digital zoom",
  "zoom.cancel": "Cancel zoom",
  "zoom.hint": "Drag over the part of the picture to enlarge (cropped from the camera's source picture)",
  "zoom.pending": "Cropping from the source picture…",
  "zoom.title": "Zoomed: {camera}",
  "zoom.size": "Source resolution {width}×{height}",
  "zoom.of": "from the {width}×{height} source picture",
  "zoom.save": "Keep as evidence",
  "zoom.saved": "Kept as evidence and opened for everyone in the room",
  "zoom.close": "Close",
  "zoom.failed": "Digital zoom failed: {error}",
  "zoom.noAnswer": "The gateway did not answer: try again shortly",
  "zoom.image": "Zoomed picture of {camera}",
};
