import type { LibSQLDatabase } from "drizzle-orm/libsql";
import type * as schema from "./schema/index.ts";

// Apart from db/client.ts so that what the client runs at start (the seeds) can name the type without
// importing the client back.
export type Db = LibSQLDatabase<typeof schema>;
/** Either the database or an open transaction on it: domain code accepts both. */
export type DbOrTx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];
