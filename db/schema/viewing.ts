import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.ts";
import { cameras } from "./cameras.ts";
import { canteens } from "./canteens.ts";
import { orgs } from "./orgs.ts";
import { QUESTION_STATUSES, VIEWING_STATUSES } from "../../server/contracts/enums.ts";

/** 膳食委员会/家委会 (issue 13, item 1): a school's parent accounts with their grade and term; ended, never deleted. */
export const committeeMembers = sqliteTable(
  "committee_members",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => orgs.id),
    userId: text("user_id").notNull().references(() => users.id),
    /** e.g. 七年级 */
    grade: text("grade").notNull(),
    /** e.g. 2026—2027学年 */
    term: text("term").notNull(),
    createdAt: integer("created_at").notNull(),
    endedAt: integer("ended_at"),
  },
  (t) => [index("committee_members_org_idx").on(t.orgId, t.endedAt), index("committee_members_user_idx").on(t.userId)],
);

/** 监督观看 (issue 13, item 2): a window in which invited parents watch chosen cameras of one canteen with a host. */
export const viewingSessions = sqliteTable(
  "viewing_sessions",
  {
    id: text("id").primaryKey(),
    canteenId: text("canteen_id").notNull().references(() => canteens.id),
    orgId: text("org_id").notNull().references(() => orgs.id),
    title: text("title").notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    hostId: text("host_id").notNull().references(() => users.id),
    status: text("status", { enum: VIEWING_STATUSES }).notNull(),
    createdBy: text("created_by").notNull().references(() => users.id),
    createdAt: integer("created_at").notNull(),
    /** when the host ended it (before endsAt) or it was cancelled */
    endedAt: integer("ended_at"),
    /** when the invited parents were reminded that it starts soon (the reminder job, once per session) */
    remindedAt: integer("reminded_at"),
  },
  (t) => [index("viewing_sessions_canteen_idx").on(t.canteenId, t.startsAt), index("viewing_sessions_org_idx").on(t.orgId, t.startsAt)],
);

/** The cameras a session opens, public or not, for its window only. */
export const viewingSessionCameras = sqliteTable(
  "viewing_session_cameras",
  {
    sessionId: text("session_id").notNull().references(() => viewingSessions.id),
    cameraId: text("camera_id").notNull().references(() => cameras.id),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.cameraId] })],
);

/** The invited parents, with the state of their hand and microphone during the session. */
export const viewingInvitees = sqliteTable(
  "viewing_invitees",
  {
    sessionId: text("session_id").notNull().references(() => viewingSessions.id),
    userId: text("user_id").notNull().references(() => users.id),
    remindedAt: integer("reminded_at"),
    handRaisedAt: integer("hand_raised_at"),
    micOpen: integer("mic_open", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index("viewing_invitees_user_idx").on(t.userId)],
);

/** Join and leave times from LiveKit's webhooks, one row per connection. */
export const viewingAttendance = sqliteTable(
  "viewing_attendance",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id").notNull().references(() => viewingSessions.id),
    userId: text("user_id").notNull().references(() => users.id),
    participantSid: text("participant_sid").notNull(),
    joinedAt: integer("joined_at").notNull(),
    leftAt: integer("left_at"),
  },
  (t) => [uniqueIndex("viewing_attendance_sid_idx").on(t.sessionId, t.participantSid), index("viewing_attendance_user_idx").on(t.sessionId, t.userId)],
);

/** The moderated Q&A: a parent asks, the host answers or hides. */
export const viewingQuestions = sqliteTable(
  "viewing_questions",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id").notNull().references(() => viewingSessions.id),
    askerId: text("asker_id").notNull().references(() => users.id),
    text: text("text").notNull(),
    status: text("status", { enum: QUESTION_STATUSES }).notNull(),
    answer: text("answer"),
    answeredBy: text("answered_by").references(() => users.id),
    answeredAt: integer("answered_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("viewing_questions_session_idx").on(t.sessionId, t.createdAt)],
);

/**
 * A frame an invited parent froze of one of the session's cameras inside its window (issue 13: an evaluation
 * "optionally with a frame they froze"). Kept apart from inspection snapshots: it belongs to the session's record,
 * is never announced into the canteen's room, and only the parent, the school and the regulator see it.
 */
export const viewingFrames = sqliteTable(
  "viewing_frames",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id").notNull().references(() => viewingSessions.id),
    userId: text("user_id").notNull().references(() => users.id),
    cameraId: text("camera_id").notNull().references(() => cameras.id),
    takenAt: integer("taken_at").notNull(),
    /** the image in the media store (content-addressed) and its sha256 */
    mediaKey: text("media_key").notNull(),
    sha256: text("sha256").notNull(),
    contentType: text("content_type", { enum: ["image/jpeg", "image/png"] }).notNull(),
    bytes: integer("bytes").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
  },
  (t) => [index("viewing_frames_session_idx").on(t.sessionId, t.userId)],
);

/** After the session: one evaluation per attending parent; the problems it names go to the school's to-do. */
export const viewingEvaluations = sqliteTable(
  "viewing_evaluations",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id").notNull().references(() => viewingSessions.id),
    userId: text("user_id").notNull().references(() => users.id),
    hygiene: integer("hygiene").notNull(),
    operations: integer("operations").notNull(),
    food: integer("food").notNull(),
    comment: text("comment"),
    /** problems seen; null: none */
    problems: text("problems"),
    /** the frame the parent froze during the session and attached (null: none) */
    frameId: text("frame_id").references(() => viewingFrames.id),
    answer: text("answer"),
    answeredBy: text("answered_by").references(() => users.id),
    answeredAt: integer("answered_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("viewing_evaluations_idx").on(t.sessionId, t.userId)],
);
