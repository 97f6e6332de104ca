import { lt } from "drizzle-orm";
import { sensorReadings } from "../../db/schema/index.ts";
import { type AppDeps, nowOf } from "../http/env.ts";

/**
 * Raw readings past SENSOR_RAW_RETENTION_DAYS are deleted; their hours stay in sensor_hours (rolled up as they were
 * stored). Raw readings are not evidence the rules say must be kept — the 消毒台账 and 留样台账 are, and they are
 * hash-chained ledger entries — so a bounded table keeps a province's database small (1 reading/min/sensor is
 * ~525,000 rows a year per sensor; the hours ~8,800). Idempotent: any instance may run it.
 */
export async function pruneReadings(deps: AppDeps): Promise<number> {
  const cutoff = nowOf(deps) - deps.config.sensorRawRetentionDays * 86_400_000;
  const rs = await deps.db.delete(sensorReadings).where(lt(sensorReadings.at, cutoff));
  return rs.rowsAffected;
}
