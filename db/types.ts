import type { LibSQLDatabase } from "drizzle-orm/libsql";
import type * as schema from "./schema/index.ts";

/** The database handle's types, apart from client.ts so that seeds and migrations can name them without a cycle. */
export type Db = LibSQLDatabase<typeof schema>;
/** Either the database or an open transaction on it: domain code accepts both. */
export type DbOrTx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];
