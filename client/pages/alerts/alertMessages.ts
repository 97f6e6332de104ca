import { ALERT_TOPIC, type AlertMessage } from "../../../server/alerts/contracts.ts";
import { parseData } from "../../live/parseData.ts";

export { ALERT_TOPIC };

/** A received ops-room message, or null (with a console warning): only the server sends alerts. */
export const parseAlertMessage = (payload: Uint8Array, from: string | undefined): AlertMessage | null => parseData("alert", payload, from, "[alerts]");
