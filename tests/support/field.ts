import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { fieldTaskEvents, fieldTaskInspectors, fieldTaskPhotos, fieldTasks, users } from "../../db/schema/index.ts";
import { newId } from "../../server/auth/tokens.ts";
import type { MediaStore } from "../../server/media-store/store.ts";
import { jpegFrame } from "./images.ts";

/**
 * A 靶向飞行 field task written directly (the API path is tested in tests/integration/field.test.ts): of a canteen,
 * assigned to the named users, in the status a probe needs, with an on-site photo when asked.
 */
export async function insertFieldTask(
  db: Db,
  media: MediaStore,
  tg: { canteenId: string; orgId: string },
  opts: { status: "assigned" | "on_site"; assignees: string[]; photo?: boolean },
): Promise<{ taskId: string; photoId: string | null }> {
  const people = await db.select({ id: users.id }).from(users).where(inArray(users.username, opts.assignees));
  const [creator] = await db.select({ id: users.id }).from(users).where(eq(users.username, "ezhou.admin"));
  const now = Date.now();
  const id = newId("fld");
  await db.insert(fieldTasks).values({ id, canteenId: tg.canteenId, orgId: tg.orgId, sourceKind: "complaint", sourceId: newId("cmp"), title: "现场核查", evidence: "[]", status: opts.status, dueAt: now + 3 * 86_400_000, createdBy: creator!.id, createdAt: now - 60_000, updatedAt: now });
  if (people.length) await db.insert(fieldTaskInspectors).values(people.map((p) => ({ taskId: id, userId: p.id })));
  let photoId: string | null = null;
  if (opts.photo) {
    const stored = await media.put(jpegFrame(), "image/jpeg", "evidence");
    const eventId = newId("fev");
    await db.insert(fieldTaskEvents).values({ id: eventId, taskId: id, type: "photo", fromStatus: "on_site", toStatus: "on_site", actorId: people[0]!.id, at: now });
    photoId = newId("fph");
    await db.insert(fieldTaskPhotos).values({ id: photoId, taskId: id, eventId, mediaKey: stored.key, sha256: stored.sha256, contentType: "image/jpeg", bytes: stored.bytes, width: 64, height: 36, capturedAt: now, takenBy: people[0]!.id, createdAt: now });
  }
  return { taskId: id, photoId };
}
