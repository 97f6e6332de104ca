import { z } from "zod";

export const Health = z.object({
  status: z.enum(["ok", "degraded"]),
  database: z.enum(["ok", "down"]),
  checks: z.record(z.string(), z.enum(["ok", "down"])),
});
export type Health = z.infer<typeof Health>;
