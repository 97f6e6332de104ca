import { OrderMessage, ORDER_TOPIC } from "../../../server/orders/contracts.ts";

export { ORDER_TOPIC };

/**
 * A received `order` message, or null (with a console warning) when it is not one we trust: only the server
 * sends them (it has no participant identity) and they must match the contract.
 */
export function parseOrderMessage(payload: Uint8Array, from: string | undefined): OrderMessage | null {
  if (from !== undefined) {
    console.warn(`[live] ignored an "order" message from participant ${from}: only the server sends them`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    console.warn('[live] ignored an "order" message that is not JSON');
    return null;
  }
  const parsed = OrderMessage.safeParse(json);
  if (!parsed.success) {
    console.warn('[live] ignored an invalid "order" message:', parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    return null;
  }
  return parsed.data;
}
