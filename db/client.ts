import { createClient, type Client } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema/index.ts";
import { seedLegalBases } from "./seed/legal-bases.ts";
import type { Db } from "./types.ts";

export type { Db, DbOrTx } from "./types.ts";

export interface DatabaseConfig {
  /** file:./data/mcll.db (embedded default), libsql://… or http(s)://… (remote server) */
  url: string;
  authToken?: string;
  /** with a file: url, makes the file an embedded replica of this remote database */
  syncUrl?: string;
  syncIntervalSeconds?: number;
}

export interface Database {
  db: Db;
  client: Client;
  close(): void;
}

export function openDatabase(config: DatabaseConfig): Database {
  if (config.url.startsWith("file:") && !config.url.includes(":memory:")) {
    mkdirSync(dirname(config.url.slice("file:".length)), { recursive: true });
  }
  const client = createClient({
    url: config.url,
    authToken: config.authToken,
    syncUrl: config.syncUrl,
    syncInterval: config.syncIntervalSeconds,
    timeout: 10_000,
  });
  const db = drizzle(client, { schema });
  if (client.protocol === "file") serialiseTransactions(db);
  return { db, client, close: () => client.close() };
}

/**
 * libSQL's embedded driver runs each statement synchronously. Two write transactions of one process on
 * two pooled connections would deadlock: the second BEGIN IMMEDIATE busy-waits on the event loop that the
 * first needs in order to commit, until the busy timeout fails it (SQLITE_BUSY). So within one process,
 * write transactions take turns; separate processes on the same file still coordinate through SQLite's
 * own locks, and remote (sqld) databases are not affected. Code inside a transaction must use its `tx`.
 */
function serialiseTransactions(db: Db) {
  const begin = db.transaction.bind(db);
  let tail: Promise<unknown> = Promise.resolve();
  db.transaction = ((...args: Parameters<Db["transaction"]>) => {
    const turn = tail.then(() => begin(...args));
    tail = turn.catch(() => undefined);
    return turn;
  }) as Db["transaction"];
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * Applies the committed drizzle-kit migrations, then the reference catalogues every database needs (the
 * legal bases orders cite); safe to run from every instance at start.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.client.protocol === "file") {
    await database.client.execute("PRAGMA journal_mode = WAL");
  }
  await migrate(database.db, { migrationsFolder: MIGRATIONS_FOLDER });
  await seedLegalBases(database.db);
}
