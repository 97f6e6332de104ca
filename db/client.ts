import { createClient, type Client } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema/index.ts";
import { seedLegalBases } from "./seed/legal-bases.ts";
import { takeWriteTurns } from "./write-turns.ts";

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

/** How long a write waits for this process's turn before it fails as busy (a write inside a transaction not using its tx) */
const WRITE_TURN_WAIT_MS = 30_000;

export function openDatabase(config: DatabaseConfig): Database {
  if (config.url.startsWith("file:") && !config.url.includes(":memory:")) {
    mkdirSync(dirname(config.url.slice("file:".length)), { recursive: true });
  }
  const opened = createClient({
    url: config.url,
    authToken: config.authToken,
    syncUrl: config.syncUrl,
    syncInterval: config.syncIntervalSeconds,
    timeout: 10_000,
  });
  // on an embedded file, writes of this process take turns (write-turns.ts); code inside a transaction uses its `tx`
  const client = opened.protocol === "file" ? takeWriteTurns(opened, { waitMs: WRITE_TURN_WAIT_MS }) : opened;
  const db = drizzle(client, { schema });
  return { db, client, close: () => opened.close() };
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
