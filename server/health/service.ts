import { sql } from "drizzle-orm";
import type { AppDeps } from "../http/env.ts";
import type { Health } from "./contracts.ts";

/** Whether the database and every configured dependency (LiveKit…) answer. */
const up = async (probe: () => Promise<unknown>): Promise<"ok" | "down"> => {
  try {
    return (await probe()) === false ? "down" : "ok";
  } catch {
    return "down";
  }
};

export async function checkHealth({ db, probes = {} }: AppDeps): Promise<Health> {
  const database = await up(() => db.run(sql`select 1`));
  const checks: Record<string, "ok" | "down"> = {};
  for (const [name, probe] of Object.entries(probes)) checks[name] = await up(probe);
  const healthy = database === "ok" && Object.values(checks).every((v) => v === "ok");
  return { status: healthy ? "ok" : "degraded", database, checks };
}
