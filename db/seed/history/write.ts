import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../client.ts";
import {
  alertEvents,
  alerts,
  cameras,
  cameraStatusEvents,
  inspectionParticipants,
  inspections,
  memberships,
  orderEvents,
  orderItems,
  orders,
  orderSequences,
  users,
} from "../../schema/index.ts";
import { appendAudit } from "../../../server/audit/service.ts";
import type { CameraHistory } from "./camera-status.ts";
import type { InspectionHistory } from "./inspections.ts";
import type { OrderHistory } from "./orders.ts";
import type { HistoryPeople } from "./people.ts";
import type { Row } from "./shared.ts";

const BATCH = 500;

export interface HistoryRows {
  people: HistoryPeople;
  cameras: CameraHistory;
  inspections: InspectionHistory;
  orders: OrderHistory;
  /** the camera_offline alerts first, then the AI alerts */
  alerts: Array<Row<typeof alerts>>;
  alertEvents: Array<Row<typeof alertEvents>>;
}

/**
 * Writes the history in one transaction of batch inserts (referenced rows first), sets each camera's state at
 * its end, and appends one audit entry (`demo.history_seeded`, with the counts): what happened before the import
 * is not replayed through the audit log, so the chain records the import and stays valid.
 */
export async function writeHistory(db: Db, rows: HistoryRows, audit: { now: number; counts: Record<string, number> }): Promise<void> {
  await db.transaction(async (tx) => {
    const insertAll = async <T>(table: Parameters<typeof tx.insert>[0], list: T[]) => {
      for (let i = 0; i < list.length; i += BATCH) await tx.insert(table).values(list.slice(i, i + BATCH) as never);
    };
    await insertAll(users, rows.people.users);
    await insertAll(memberships, rows.people.memberships);
    await insertAll(cameraStatusEvents, rows.cameras.statusEvents);
    await insertAll(inspections, rows.inspections.inspections);
    await insertAll(inspectionParticipants, rows.inspections.participants);
    await insertAll(orders, rows.orders.orders);
    await insertAll(orderItems, rows.orders.items);
    await insertAll(orderEvents, rows.orders.events);
    await insertAll(orderSequences, rows.orders.sequences);
    await insertAll(alerts, rows.alerts);
    await insertAll(alertEvents, rows.alertEvents);
    const { cameraEnd } = rows.cameras;
    const online = [...cameraEnd].filter(([, s]) => s.status === "online").map(([id]) => id);
    for (let i = 0; i < online.length; i += BATCH) await tx.update(cameras).set({ status: "online", lastSeenAt: audit.now }).where(inArray(cameras.id, online.slice(i, i + BATCH)));
    for (const [id, s] of cameraEnd) if (s.status === "offline") await tx.update(cameras).set({ status: "offline", lastSeenAt: s.lastSeenAt, source: s.source }).where(eq(cameras.id, id));
    await appendAudit(tx, { actorId: null, action: "demo.history_seeded", targetType: "system", targetId: "demo", change: audit.counts }, audit.now);
  });
}
