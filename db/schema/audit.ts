import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Append-only, hash-chained: hash = sha256(prev_hash | seq | at | actor | action | target | digest). */
export const auditLog = sqliteTable("audit_log", {
  seq: integer("seq").primaryKey(),
  at: integer("at").notNull(),
  actorId: text("actor_id"),
  action: text("action").notNull(),
  targetType: text("target_type").notNull(),
  targetId: text("target_id").notNull(),
  /** sha256 of the canonical JSON of the change */
  digest: text("digest").notNull(),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull(),
});
