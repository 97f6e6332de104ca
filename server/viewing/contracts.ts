/**
 * 监督观看 — supervised viewing sessions (issue 13, item 2). A school manager schedules a window on one canteen,
 * the cameras it opens (non-public ones too, for the window only), the invited committee members and a host.
 *
 *   POST /api/v1/viewing-sessions                 [viewing.manage] ScheduleViewing → 201 ViewingSession
 *   GET  /api/v1/viewing-sessions?canteenId=&cursor=&limit= [viewing.read] → page (a parent: only sessions they are invited to)
 *   GET  /api/v1/viewing-sessions/{id}            [viewing.read] → ViewingSession (attendance, Q&A, evaluations); uninvited parent → 404
 *   POST /api/v1/viewing-sessions/{id}/token      [viewing.join] → ViewingToken (subscribe only; the gateway grants the
 *        session's cameras until the window closes); outside the window → 403 naming it; uninvited → 404
 *   POST /api/v1/viewing-sessions/{id}/end        [viewing.manage] the host ends it now: grants withdrawn at once
 *   POST /api/v1/viewing-sessions/{id}/questions  [viewing.join] AskQuestion → 201 (inside the window)
 *   POST /api/v1/viewing-questions/{id}/answer    [viewing.manage] AnswerQuestion; /hide → the question
 *   POST /api/v1/viewing-sessions/{id}/hand       [viewing.join] RaiseHand
 *   POST /api/v1/viewing-sessions/{id}/microphone [viewing.manage] SetMicrophone (participant-permission update)
 *   POST /api/v1/viewing-sessions/{id}/frames     [viewing.join] multipart `file` (JPEG/PNG ≤ 4 MB, the bytes decoded) +
 *        `cameraId` (one of the session's cameras) → 201 ViewingFrame; inside the window only (403 naming it)
 *   GET  /api/v1/viewing-frames/{id}/image        [viewing.read] the frame's bytes: its parent, the school, the regulator
 *   POST /api/v1/viewing-sessions/{id}/evaluation [viewing.join] Evaluate → 201 (after it started, attended parents, once;
 *        `frameId`: one of the caller's own frames of this session, else 409)
 *   POST /api/v1/viewing-evaluations/{id}/answer  [viewing.manage] AnswerQuestion → the session
 *
 * Data messages (LiveKit, reliable, sent by the server after the write, addressed to the host, the scheduler and
 * the invited parents only — never to anyone else in the canteen's room): room `canteen:<canteen id>`, topic
 * `viewing`: ViewingMessage — a question asked or answered, a question hidden, a hand, a microphone, the end.
 */
import { z } from "zod";
import { Id, IsoTime, line, pageOf, pageQuery, text } from "../contracts/common.ts";
import { QUESTION_STATUSES, VIEWING_STATUSES } from "../contracts/enums.ts";

const IsoTimeInput = z.iso.datetime({ offset: true, local: false });

export const ScheduleViewing = z.strictObject({
  canteenId: Id,
  title: line({ min: 1, max: 100 }),
  startsAt: IsoTimeInput,
  endsAt: IsoTimeInput,
  cameraIds: z.array(Id).min(1).max(32),
  inviteeIds: z.array(Id).min(1).max(50),
  hostId: Id,
});
export const ViewingQuery = z.strictObject({ canteenId: Id.optional(), ...pageQuery("number", "text") });
export type ViewingQuery = z.infer<typeof ViewingQuery>;

export const ViewingState = z.enum(["upcoming", "open", "over"]);
export const ViewingSummary = z.object({
  id: Id,
  canteenId: Id,
  canteenName: z.string(),
  schoolName: z.string(),
  title: z.string(),
  startsAt: IsoTime,
  endsAt: IsoTime,
  /** join opens this long before the window (ms) */
  graceMs: z.number().int(),
  status: z.enum(VIEWING_STATUSES),
  /** upcoming (joinable from startsAt − grace), open, over */
  state: ViewingState,
  host: z.object({ id: Id, displayName: z.string() }),
  cameras: z.array(z.object({ id: Id, name: z.string(), publicVisible: z.boolean() })),
  inviteeCount: z.number().int(),
  /** the caller is invited (parents) */
  invited: z.boolean(),
  /** when the invited parents were reminded that it starts soon (null: not yet) */
  remindedAt: IsoTime.nullable(),
});
export const ViewingQuestion = z.object({
  id: Id,
  asker: z.string(),
  text: z.string(),
  status: z.enum(QUESTION_STATUSES),
  answer: z.string().nullable(),
  createdAt: IsoTime,
  answeredAt: IsoTime.nullable(),
});
export const ViewingInvitee = z.object({
  userId: Id,
  displayName: z.string(),
  handRaised: z.boolean(),
  micOpen: z.boolean(),
  attendance: z.array(z.object({ joinedAt: IsoTime, leftAt: IsoTime.nullable() })),
});
/** A frame a parent froze of one of the session's cameras inside its window, attachable to their evaluation. */
export const ViewingFrame = z.object({
  id: Id,
  sessionId: Id,
  cameraId: Id,
  cameraName: z.string(),
  takenAt: IsoTime,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  contentType: z.enum(["image/jpeg", "image/png"]),
  width: z.number().int(),
  height: z.number().int(),
  /** GET with the session cookie or bearer token: the parent who froze it, the school, the regulator */
  imageUrl: z.string(),
});
export type ViewingFrame = z.infer<typeof ViewingFrame>;
export const viewingFrameImageUrl = (id: string) => `/api/v1/viewing-frames/${id}/image`;
/** The text field of the frame upload (the `file` part is checked apart: size, and the bytes must decode). */
export const FreezeFrameFields = z.strictObject({ cameraId: Id });

export const ViewingEvaluation = z.object({
  id: Id,
  parent: z.string(),
  hygiene: z.number().int(),
  operations: z.number().int(),
  food: z.number().int(),
  comment: z.string().nullable(),
  problems: z.string().nullable(),
  /** the frame the parent froze and attached (null: none) */
  frame: ViewingFrame.nullable(),
  answer: z.string().nullable(),
  answeredAt: IsoTime.nullable(),
  createdAt: IsoTime,
});
export const ViewingSession = ViewingSummary.extend({
  invitees: z.array(ViewingInvitee),
  questions: z.array(ViewingQuestion),
  evaluations: z.array(ViewingEvaluation),
  /** frames frozen during the session: a parent sees their own (to attach one to the evaluation), the others all */
  frames: z.array(ViewingFrame),
});
export type ViewingSession = z.infer<typeof ViewingSession>;
export const ViewingPage = pageOf(ViewingSummary);

export const ViewingToken = z.object({
  url: z.string(),
  token: z.string(),
  room: z.string(),
  identity: z.string(),
  expiresAt: IsoTime,
  cameraIds: z.array(Id),
  endsAt: IsoTime,
});

export const AskQuestion = z.strictObject({ text: text({ min: 1, max: 500 }) });
export const AnswerQuestion = z.strictObject({ answer: text({ min: 1, max: 1000 }) });
export const RaiseHand = z.strictObject({ raised: z.boolean() });
export const SetMicrophone = z.strictObject({ userId: Id, open: z.boolean() });
const Score = z.number().int().min(1).max(5);
export const Evaluate = z.strictObject({
  hygiene: Score,
  operations: Score,
  food: Score,
  comment: text({ max: 1000 }).optional(),
  problems: text({ max: 1000 }).optional(),
  /** a frame the caller froze during this session (POST …/frames) */
  frameId: Id.optional(),
});

/** Reliable, server → the session's people in the canteen's room, on topic `viewing` (the page applies it at once). */
const pushed = { sessionId: Id, at: IsoTime };
export const ViewingMessage = z.discriminatedUnion("type", [
  /** asked or answered; a hidden one reaches the host and its asker this way */
  z.object({ type: z.literal("viewing.question"), ...pushed, question: ViewingQuestion }),
  /** hidden by the host: the other parents drop it */
  z.object({ type: z.literal("viewing.question_hidden"), ...pushed, questionId: Id }),
  z.object({ type: z.literal("viewing.hand"), ...pushed, userId: Id, raised: z.boolean() }),
  z.object({ type: z.literal("viewing.mic"), ...pushed, userId: Id, open: z.boolean() }),
  z.object({ type: z.literal("viewing.ended"), ...pushed }),
]);
export type ViewingMessage = z.infer<typeof ViewingMessage>;
