import { type OrderMessage, ORDER_TOPIC } from "../../../server/orders/contracts.ts";
import { parseData } from "../../live/parseData.ts";

export { ORDER_TOPIC };

/** A received `order` message, or null (with a console warning): only the server sends them. */
export const parseOrderMessage = (payload: Uint8Array, from: string | undefined): OrderMessage | null => parseData("order", payload, from);
