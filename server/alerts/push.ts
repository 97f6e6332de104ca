import { opsOrgRoom, opsRegionRoom } from "../bus/rooms.ts";
import { announcement, publishLater } from "../bus/publish.ts";
import { type AppDeps, nowOf } from "../http/env.ts";
import { regionLadder } from "../orgs/region-ladder.ts";
import type { AlertMessage } from "./contracts.ts";
import { alertsById, alertViews } from "./view.ts";

/**
 * Sends alerts to the ops rooms of their school and of every region above it, at once and in parallel. The
 * alert is already persisted: a LiveKit hiccup is logged, and clients catch up by cursor on reconnect.
 */
export function pushAlerts(deps: AppDeps, kind: AlertMessage["kind"], ids: string[]): void {
  const bus = deps.livekit;
  if (!bus || !ids.length) return;
  publishLater(deps, async () => {
    const rows = await alertsById(deps.db, ids);
    const views = await alertViews(deps.db, rows, nowOf(deps));
    const sends = rows.flatMap((row, i) =>
      [opsOrgRoom(row.alert.orgId), ...regionLadder(row.regionCode).map(opsRegionRoom)].map((room) => announcement(room, "alert", { kind, alert: views[i]! })),
    );
    // only rooms someone is in: a send to an empty room holds a request open until LiveKit's timeout, and nobody would hear it
    let live: Set<string> | null = null;
    try {
      live = bus.activeRooms ? new Set(await bus.activeRooms([...new Set(sends.map((s) => s.room))])) : null;
    } catch (err) {
      console.warn(`[api] could not list ops rooms: ${(err as Error).message}`);
    }
    return sends.filter((s) => !live || live.has(s.room));
  });
}

