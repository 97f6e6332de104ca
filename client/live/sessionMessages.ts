import type { SessionMessage } from "../../server/live/contracts.ts";
import { parseData } from "./parseData.ts";

export { SESSION_TOPIC, SessionMessage } from "../../server/live/contracts.ts";

/** A received "session" message, or null (with a console warning): only the server sends them. */
export const parseSessionMessage = (payload: Uint8Array, from: string | undefined): SessionMessage | null => parseData("session", payload, from);
