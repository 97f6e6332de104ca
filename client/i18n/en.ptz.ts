import type { zhCNPtz } from "./zh-CN.ptz.ts";

/** English texts of PTZ in the live room (issue 17). */
export const enPtz: Record<keyof typeof zhCNPtz, string> = {
  "ptz.title": "PTZ: {camera}",
  "ptz.free": "Nobody controls this camera",
  "ptz.holder": "Controlled by {name}",
  "ptz.holderRegulator": "Controlled by {name} (regulator)",
  "ptz.you": "You control this camera",
  "ptz.take": "Take control",
  "ptz.takeOver": "Take over (regulator first)",
  "ptz.release": "Hand back control",
  "ptz.left": "Left",
  "ptz.right": "Right",
  "ptz.up": "Up",
  "ptz.down": "Down",
  "ptz.zoomIn": "Zoom in",
  "ptz.zoomOut": "Zoom out",
  "ptz.presets": "Presets",
  "ptz.noPresets": "No presets yet",
  "ptz.goto": "Go to",
  "ptz.presetName": "Preset name",
  "ptz.save": "Save this position",
  "ptz.failed": "PTZ command not carried out: {error}",
};
