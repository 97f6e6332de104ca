import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { memberships, orgs, users } from "../../db/schema/index.ts";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { hashPassword } from "../../server/accounts/password.ts";
import { newId } from "../../server/auth/tokens.ts";

/**
 * One more inspector in the regulator of a region (password DEMO_PASSWORD). The demo city has inspectors in two of
 * its three districts only; a city-level draw with 回避 and two inspectors per target needs one more, e.g. at the city.
 */
export async function addInspector(db: Db, regionCode: string, username: string, displayName = `巡查员 ${username}`) {
  const [org] = await db.select().from(orgs).where(and(eq(orgs.regionCode, regionCode), eq(orgs.kind, "regulator")));
  if (!org) throw new Error(`no regulator in ${regionCode}`);
  const id = newId("usr");
  await db.insert(users).values({ id, username, displayName, passwordHash: await hashPassword(DEMO_PASSWORD, 1000), createdAt: Date.now() });
  await db.insert(memberships).values({ id: newId("mb"), userId: id, orgId: org.id, role: "inspector", createdAt: Date.now() });
  return id;
}
