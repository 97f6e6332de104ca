import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { orgs } from "./orgs.ts";
import { ROLES } from "../../server/contracts/enums.ts";

export { ROLES };

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    /** pbkdf2-sha256$<iterations>$<salt b64>$<hash b64> */
    passwordHash: text("password_hash").notNull(),
    status: text("status", { enum: ["active", "disabled"] }).notNull().default("active"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("users_username_idx").on(t.username)],
);

/** A user holds a role in an org; the org's region (or the org itself) is the user's scope. */
export const memberships = sqliteTable(
  "memberships",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id),
    orgId: text("org_id").notNull().references(() => orgs.id),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("memberships_unique_idx").on(t.userId, t.orgId, t.role),
    index("memberships_org_idx").on(t.orgId, t.role),
  ],
);

/** Sessions live in the database so that any API instance can serve any request. */
export const authSessions = sqliteTable(
  "auth_sessions",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    userId: text("user_id").notNull().references(() => users.id),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("auth_sessions_token_idx").on(t.tokenHash), index("auth_sessions_user_idx").on(t.userId)],
);

/** Failed logins, counted per username over a window to throttle guessing (shared by all instances). */
export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull(),
    ip: text("ip"),
    at: integer("at").notNull(),
  },
  (t) => [index("login_failures_username_idx").on(t.username, t.at)],
);
