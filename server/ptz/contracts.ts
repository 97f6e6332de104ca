import { z } from "zod";
import { Id, IsoTime, line } from "../contracts/common.ts";

/**
 * PTZ in the live room (issue 17): one shape for the browser's requests, the API's answers, the bus messages and
 * the gateway's reports. Velocities are ONVIF's generic space, -1…1 per axis (pan right, tilt up, zoom in > 0).
 */
export const PTZ_TOPIC = "ptz";
/** a continuous move ends by itself after this long (the browser's stop may never come: a closed tab, a lost network) */
export const PTZ_MOVE_TIMEOUT_MS = 10_000;

const Axis = z.number().min(-1).max(1);
export const PresetToken = z.string().regex(/^[\w.:-]{1,64}$/, "a preset token of letters, digits and . : _ -");
const PresetName = line({ min: 1, max: 32 });
export const Preset = z.strictObject({ token: PresetToken, name: z.string().max(64) });

export const PtzCommand = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("move"), pan: Axis, tilt: Axis, zoom: Axis }),
  z.strictObject({ action: z.literal("stop") }),
  z.strictObject({ action: z.literal("goto_preset"), preset: PresetToken }),
  z.strictObject({ action: z.literal("save_preset"), name: PresetName }),
]);
export type PtzCommand = z.infer<typeof PtzCommand>;

export const PTZ_RANK = z.enum(["school", "regulator"]);
export type PtzRank = z.infer<typeof PTZ_RANK>;
export const PtzHolder = z.strictObject({ userId: Id, name: z.string().max(100), rank: PTZ_RANK });

/** A camera's PTZ as the API shows it: who holds control until when, and the presets the camera reported. */
export const PtzState = z.strictObject({
  cameraId: Id,
  holder: PtzHolder.nullable(),
  expiresAt: IsoTime.nullable(),
  presets: z.array(Preset),
});
export const PtzAccepted = z.strictObject({ id: Id, cameraId: Id });

/** What the gateway reports after carrying out a command (and the presets after a save). */
export const PtzResult = z.strictObject({
  commandId: Id,
  cameraId: Id,
  ok: z.boolean(),
  error: line({ max: 300, trim: false }).optional(),
  presets: z.array(Preset).max(64).optional(),
});
export type PtzResult = z.infer<typeof PtzResult>;

/**
 * On the `ptz` topic, from the server only (participants' packets are refused by the shared parser): control
 * changed hands, a command to carry out (the gateway acts, browsers show it), a command's outcome. Epoch ms.
 */
export const PtzMessage = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ptz.control"), cameraId: Id, holder: PtzHolder.nullable(), expiresAt: z.number().int().nullable() }),
  z.strictObject({ type: z.literal("ptz.command"), id: Id, cameraId: Id, by: Id, command: PtzCommand, at: z.number().int() }),
  z.strictObject({ type: z.literal("ptz.result"), id: Id, cameraId: Id, ok: z.boolean(), error: z.string().max(300).nullable(), presets: z.array(Preset).max(64).nullable() }),
]);
export type PtzMessage = z.infer<typeof PtzMessage>;
