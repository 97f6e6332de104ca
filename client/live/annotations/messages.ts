import type { AnnotMessage, CursorMessage } from "../../../server/snapshots/annotation-contracts.ts";
import { parseData } from "../parseData.ts";

export { ANNOT_TOPIC, CURSOR_TOPIC } from "../../../server/snapshots/annotation-contracts.ts";

const encoder = new TextEncoder();
export const encode = (message: AnnotMessage | CursorMessage): Uint8Array<ArrayBuffer> => encoder.encode(JSON.stringify(message));

/**
 * A received `annot` packet, or null (with a console warning) when it does not parse or comes from the wrong
 * sender: server messages (frame opened, shape committed or undone) have no participant, strokes and previews
 * always have one (the topic table in server/bus/topics.ts).
 */
export const parseAnnot = (payload: Uint8Array, from: string | undefined): AnnotMessage | null => parseData("annot", payload, from) as AnnotMessage | null;

/** A received `cursor` packet from a participant, or null with a warning. */
export const parseCursor = (payload: Uint8Array, from: string | undefined): CursorMessage | null => parseData("cursor", payload, from);
