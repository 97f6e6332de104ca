/**
 * The LiveKit room names (DESIGN §5), in one place: the API, the browser and the gateway all build them here.
 *   canteen:<canteen id>   live viewing and inspections of one canteen (video, voice, annotations, orders)
 *   ops:org:<org id>       data-only: pushes to one school (alerts, order reminders)
 *   ops:<region code>      data-only: pushes to the regulators and bureaus of one region
 */
export type RoomKind = "canteen" | "ops";

export const canteenRoom = (canteenId: string) => `canteen:${canteenId}`;
export const canteenIdOfRoom = (room: string) => (room.startsWith("canteen:") ? room.slice("canteen:".length) : null);
export const opsOrgRoom = (orgId: string) => `ops:org:${orgId}`;
export const opsRegionRoom = (regionCode: string) => `ops:${regionCode}`;

export const roomKindOf = (room: string): RoomKind | null => (room.startsWith("canteen:") ? "canteen" : room.startsWith("ops:") ? "ops" : null);
