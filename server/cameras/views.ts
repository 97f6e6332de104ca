import type { cameras } from "../../db/schema/index.ts";
import { newId, newSecret, sha256Hex } from "../auth/tokens.ts";
import { systemNow } from "../clock/clock.ts";
import { toIsoOrNull } from "../clock/time.ts";
import { maskSource } from "./rules.ts";

/** A camera as the API shows it: the source only to those who manage the canteen, and then with its credentials masked. */
export const toCamera = (cam: typeof cameras.$inferSelect, withSource: boolean) => ({
  id: cam.id,
  canteenId: cam.canteenId,
  areaId: cam.areaId,
  gatewayId: cam.gatewayId,
  name: cam.name,
  source: withSource ? maskSource(cam.source) : null,
  ptz: cam.ptz,
  publicVisible: cam.publicVisible,
  status: cam.status,
  lastSeenAt: toIsoOrNull(cam.lastSeenAt),
  video: cam.codec && cam.sourceWidth && cam.sourceHeight ? { codec: cam.codec, width: cam.sourceWidth, height: cam.sourceHeight } : null,
  reference: { approvedAt: toIsoOrNull(cam.referenceApprovedAt), pending: cam.referenceRequestedAt !== null },
});

/** Makes a gateway row and its one-time device token (callers insert the row). */
export function mintGateway(canteenId: string, name: string, now = systemNow()) {
  const deviceToken = newSecret("mcgw");
  const row = { id: newId("gw"), canteenId, name, tokenHash: sha256Hex(deviceToken), tokenHint: deviceToken.slice(0, 9), revokedAt: null, lastSeenAt: null, heartbeatAllowance: null, heartbeatAt: null, createdAt: now };
  return { row, deviceToken };
}
