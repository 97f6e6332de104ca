/**
 * 应急指挥调度 notices (issue 16, item 8): a regulator broadcasts a notice to every school of a region in its
 * jurisdiction; each school's principal or director signs for it (read receipt); the sender follows the receipts.
 *
 *   POST /api/v1/notices            [notices.send]  SendNotice → 201 Notice
 *   GET  /api/v1/notices            [notices.read]  NoticesQuery → NoticePage (region users: their region's; schools: addressed to them)
 *   GET  /api/v1/notices/{id}       [notices.read]  → Notice (with the receipts of the schools in the caller's scope)
 *   POST /api/v1/notices/{id}/read  [notices.ack]   → Notice (the caller's schools sign; a second read changes nothing)
 *
 * Realtime (server/bus/topics.ts `notice`): rooms `canteen:<id>` of each addressed school's canteens and
 * `ops:org:<school org id>`: NoticeMessage — "notice.sent" (the live room's banner) | "notice.read" (the school signed).
 */
import { z } from "zod";
import { Id, IsoTime, line, pageOf, pageQuery, RegionCode, text } from "../contracts/common.ts";
import { DISPATCH_URGENCIES } from "../contracts/enums.ts";

export const NOTICE_TITLE_MAX = 60;
export const NOTICE_BODY_MAX = 2000;

export const Urgency = z.enum(DISPATCH_URGENCIES);
export type Urgency = z.infer<typeof Urgency>;

export const SendNotice = z.strictObject({
  regionCode: RegionCode,
  title: line({ min: 1, max: NOTICE_TITLE_MAX }),
  body: text({ min: 1, max: NOTICE_BODY_MAX }),
  urgency: Urgency.default("normal"),
});

export const NoticesQuery = z.strictObject({
  ...pageQuery("number", "text"),
  /** schools: only what they have not signed for yet */
  unread: z.enum(["true", "false"]).optional(),
});

export const NoticeCounts = z.object({ schools: z.number().int(), read: z.number().int() });

export const NoticeSummary = z.object({
  id: Id,
  regionCode: z.string(),
  regionName: z.string(),
  title: z.string(),
  body: z.string(),
  urgency: Urgency,
  sender: z.object({ id: Id, displayName: z.string(), orgId: Id, orgName: z.string() }),
  sentAt: IsoTime,
  /** over the schools in the caller's scope (a school sees its own only) */
  counts: NoticeCounts,
  /** a school caller: when its school signed (null: unread); a region caller: null */
  readAt: IsoTime.nullable(),
});
export type NoticeSummary = z.infer<typeof NoticeSummary>;
export const NoticePage = pageOf(NoticeSummary);

export const Receipt = z.object({
  orgId: Id,
  orgName: z.string(),
  regionCode: z.string(),
  /** the school's canteens, for 实时查看 (/live/<canteenId>) */
  canteens: z.array(z.object({ id: Id, name: z.string() })),
  readAt: IsoTime.nullable(),
  readBy: z.object({ id: Id, displayName: z.string() }).nullable(),
});
export type Receipt = z.infer<typeof Receipt>;

export const Notice = NoticeSummary.extend({ receipts: z.array(Receipt) });
export type Notice = z.infer<typeof Notice>;

/** What a live room's banner needs, small enough for one reliable packet (a 2000-character body is ≤ 6 KB). */
export const NoticePush = NoticeSummary.pick({ id: true, title: true, body: true, urgency: true, sentAt: true }).extend({ senderOrgName: z.string(), regionName: z.string() });
export type NoticePush = z.infer<typeof NoticePush>;

export const NoticeMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("notice.sent"), notice: NoticePush }),
  z.object({ type: z.literal("notice.read"), noticeId: Id, orgId: Id, readAt: IsoTime }),
]);
export type NoticeMessage = z.infer<typeof NoticeMessage>;
