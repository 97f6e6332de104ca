import { z } from "zod";

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), reason: z.enum(["hash_mismatch", "prev_hash_mismatch", "gap"]) }).nullable(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
