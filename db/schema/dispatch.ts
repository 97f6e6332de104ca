import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.ts";
import { orgs } from "./orgs.ts";
import { regions } from "./regions.ts";
import { DISPATCH_URGENCIES } from "../../server/contracts/enums.ts";

/**
 * 应急指挥调度 notices (issue 16, item 8): a regulator or education bureau broadcasts a notice to every school of a
 * region in its jurisdiction. All three tables are append-only: the notice, the schools it was addressed to (fixed
 * when it was sent, so a school registered later does not appear unread), and one read receipt per school (who, when).
 */
export { DISPATCH_URGENCIES };

export const dispatchNotices = sqliteTable(
  "dispatch_notices",
  {
    id: text("id").primaryKey(),
    /** the region addressed (its schools, everything below it) */
    regionCode: text("region_code").notNull().references(() => regions.code),
    senderOrgId: text("sender_org_id").notNull().references(() => orgs.id),
    senderId: text("sender_id").notNull().references(() => users.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    urgency: text("urgency", { enum: DISPATCH_URGENCIES }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("dispatch_notices_region_idx").on(t.regionCode, t.createdAt)],
);

export const dispatchRecipients = sqliteTable(
  "dispatch_recipients",
  {
    noticeId: text("notice_id").notNull().references(() => dispatchNotices.id),
    orgId: text("org_id").notNull().references(() => orgs.id),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.orgId] }), index("dispatch_recipients_org_idx").on(t.orgId, t.noticeId)],
);

/** one per (notice, school): the first of the school's managers to read it signs for the school */
export const dispatchReads = sqliteTable(
  "dispatch_reads",
  {
    noticeId: text("notice_id").notNull().references(() => dispatchNotices.id),
    orgId: text("org_id").notNull().references(() => orgs.id),
    userId: text("user_id").notNull().references(() => users.id),
    readAt: integer("read_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.orgId] })],
);
