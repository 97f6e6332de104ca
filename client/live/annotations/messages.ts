import type { z } from "zod";
import { AnnotMessage, CursorMessage } from "../../../server/snapshots/annotation-contracts.ts";

export { ANNOT_TOPIC, CURSOR_TOPIC } from "../../../server/snapshots/annotation-contracts.ts";

/** Types only the server sends (reliable, after the write is persisted): a participant could forge them. */
const SERVER_ONLY = new Set<AnnotMessage["type"]>(["snapshot.opened", "annotation.committed", "annotation.undone"]);

const encoder = new TextEncoder();
const decoder = new TextDecoder();
export const encode = (message: AnnotMessage | CursorMessage): Uint8Array<ArrayBuffer> => encoder.encode(JSON.stringify(message));

function parse<T>(schema: z.ZodType<T>, topic: string, payload: Uint8Array): T | null {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(payload));
  } catch {
    console.warn(`[live] ignored a "${topic}" message that is not JSON`);
    return null;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    console.warn(`[live] ignored an invalid "${topic}" message:`, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    return null;
  }
  return parsed.data;
}

/**
 * A received `annot` packet, or null (with a console warning) when it does not parse or comes from the
 * wrong sender: server messages have no participant, strokes and previews always have one.
 */
export function parseAnnot(payload: Uint8Array, from: string | undefined): AnnotMessage | null {
  const message = parse(AnnotMessage, "annot", payload);
  if (!message) return null;
  if (SERVER_ONLY.has(message.type) !== (from === undefined)) {
    console.warn(`[live] ignored an "annot" ${message.type} from ${from ?? "the server"}: wrong sender`);
    return null;
  }
  return message;
}

/** A received `cursor` packet from a participant, or null with a warning. */
export function parseCursor(payload: Uint8Array, from: string | undefined): CursorMessage | null {
  if (from === undefined) {
    console.warn('[live] ignored a "cursor" message without a sender');
    return null;
  }
  return parse(CursorMessage, "cursor", payload);
}
