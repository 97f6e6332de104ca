import { z } from "zod";

const ChainBreak = z.object({ seq: z.number().int(), reason: z.enum(["hash_mismatch", "prev_hash_mismatch", "gap"]) });

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  /** entries verified intact before the first broken one (all of them when ok) */
  checked: z.number().int(),
  firstBroken: ChainBreak.nullable(),
  /** every broken entry is counted; the first few (in seq order) are named */
  broken: z.object({ count: z.number().int(), first: z.array(ChainBreak) }),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
