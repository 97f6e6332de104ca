/**
 * 膳食委员会/家委会 (issue 13, item 1): the school's parent members, grade and term, counted against MOE's rule
 * (at least 7 members, at least one per grade).
 *
 *   GET    /api/v1/committee?orgId=       [committee.read]   → Committee (current members; 404 for a school out of scope)
 *   POST   /api/v1/committee              [committee.manage] AddCommitteeMember → 201 CommitteeMember;
 *          409 not_a_parent (the account is not a parent representative of that school) | already_member
 *   DELETE /api/v1/committee/{id}         [committee.manage] → Ok (the membership ends; the record stays)
 */
import { z } from "zod";
import { Id, IsoTime, line } from "../contracts/common.ts";

export const CommitteeQuery = z.strictObject({ orgId: Id });
export const AddCommitteeMember = z.strictObject({
  orgId: Id,
  userId: Id,
  grade: line({ min: 1, max: 20 }),
  term: line({ min: 1, max: 30 }),
});
export const CommitteeMember = z.object({
  id: Id,
  userId: Id,
  displayName: z.string(),
  username: z.string(),
  grade: z.string(),
  term: z.string(),
  since: IsoTime,
});
export const Committee = z.object({
  orgId: Id,
  orgName: z.string(),
  members: z.array(CommitteeMember),
  count: z.number().int(),
  required: z.number().int(),
  meetsRule: z.boolean(),
  grades: z.array(z.string()),
  /** the school's parent accounts not (yet) on the committee, for the add form */
  candidates: z.array(z.object({ userId: Id, displayName: z.string(), username: z.string() })),
});
export type Committee = z.infer<typeof Committee>;
