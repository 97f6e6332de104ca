import { eq } from "drizzle-orm";
import { viewingInvitees, viewingSessions } from "../../db/schema/index.ts";
import { announcement, publishLater } from "../bus/publish.ts";
import { canteenRoom } from "../bus/rooms.ts";
import { toIso } from "../clock/time.ts";
import type { AppDeps } from "../http/env.ts";
import type { ViewingMessage } from "./contracts.ts";

type Pushed = ViewingMessage extends infer M ? (M extends ViewingMessage ? Omit<M, "sessionId" | "at"> : never) : never;

/**
 * Tells a session's people in the canteen's room what just changed, after the write has committed (DESIGN §5):
 * addressed by identity to the host, the scheduler and the invited parents, so nobody else in the room (staff
 * watching, anonymous public viewers) receives a parent's words. `only` narrows it (a hidden question reaches
 * the host and its asker in full); `except` gets nothing from this call.
 */
export function announceViewing(deps: AppDeps, sessionId: string, at: number, message: Pushed, who: { only?: string[]; except?: string[] } = {}) {
  publishLater(deps, async () => {
    const [session] = await deps.db.select({ canteenId: viewingSessions.canteenId, hostId: viewingSessions.hostId, createdBy: viewingSessions.createdBy }).from(viewingSessions).where(eq(viewingSessions.id, sessionId));
    if (!session) return [];
    const invitees = await deps.db.select({ userId: viewingInvitees.userId }).from(viewingInvitees).where(eq(viewingInvitees.sessionId, sessionId));
    const everyone = [...new Set([session.hostId, session.createdBy, ...invitees.map((i) => i.userId)])];
    const to = (who.only ?? everyone).filter((id) => !who.except?.includes(id));
    if (!to.length) return [];
    return [announcement(canteenRoom(session.canteenId), "viewing", { ...message, sessionId, at: toIso(at) } as ViewingMessage, to)];
  });
}
