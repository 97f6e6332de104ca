import { z } from "zod";
import { AlertMessage } from "../alerts/contracts.ts";
import { ExpectedViewer, SessionMessage } from "../live/contracts.ts";
import { OrderMessage } from "../orders/contracts.ts";
import { PlaybackMessage } from "../record/playback-contracts.ts";
import { ClipRequested } from "../record/clip-contracts.ts";
import { ViewingMessage } from "../viewing/contracts.ts";
import { PatrolMessage } from "../patrol/contracts.ts";
import { NoticeMessage } from "../dispatch/contracts.ts";
import { RiskMessage } from "../overview/contracts.ts";
import { PtzMessage } from "../ptz/contracts.ts";
import { ZoomMessage } from "../zoom/contracts.ts";
import { OnvifMessage } from "../onvif/contracts.ts";
import {
  AnnotationCommittedMessage,
  AnnotationUndoneMessage,
  CursorMessage,
  ShapeCancel,
  ShapePreview,
  SnapshotOpened,
  StrokeProgress,
} from "../snapshots/annotation-contracts.ts";
import type { RoomKind } from "./rooms.ts";

export { MAX_LOSSY_BYTES, MAX_RELIABLE_BYTES } from "./limits.ts";

/**
 * The one table of realtime topics (DESIGN §2, §5): for each topic, which rooms carry it and, per sender, the
 * message schema and how it travels. The server sends authoritative events reliably after the write that they
 * announce has committed; browsers send in-progress drawing lossy, peer to peer. A sender not listed for a topic
 * is refused on receipt: a participant could forge what only the server may say. Pure (zod only), so the API,
 * the browser and the gateway share it.
 */
export type Sender = "server" | "gateway" | "browser";
export type Delivery = "reliable" | "lossy";

interface TopicSpec {
  rooms: readonly RoomKind[];
  senders: Partial<Record<Sender, { schema: z.ZodType; delivery: Delivery }>>;
}

const reliable = <S extends z.ZodType>(schema: S) => ({ schema, delivery: "reliable" as const });
const lossy = <S extends z.ZodType>(schema: S) => ({ schema, delivery: "lossy" as const });

/** What the server says on `annot`: a frame opened for everyone, a shape committed or undone. */
export const AnnotServerMessage = z.discriminatedUnion("type", [SnapshotOpened, AnnotationCommittedMessage, AnnotationUndoneMessage]);
/** What a participant says on `annot` while drawing (never persisted). */
export const AnnotPeerMessage = z.discriminatedUnion("type", [StrokeProgress, ShapePreview, ShapeCancel]);

export const TOPICS = {
  annot: { rooms: ["canteen"], senders: { server: reliable(AnnotServerMessage), browser: lossy(AnnotPeerMessage) } },
  cursor: { rooms: ["canteen"], senders: { browser: lossy(CursorMessage) } },
  session: { rooms: ["canteen"], senders: { server: reliable(SessionMessage) } },
  order: { rooms: ["canteen", "ops"], senders: { server: reliable(OrderMessage) } },
  /** addressed to the canteen's gateways only (destination identities) */
  gateway: { rooms: ["canteen"], senders: { server: reliable(ExpectedViewer) } },
  /** a playback's whole state after each change (issue 19): the gateway follows it, browsers show the time */
  playback: { rooms: ["canteen"], senders: { server: reliable(PlaybackMessage) } },
  /** an evidence clip was asked for (issue 19), addressed to the canteen's gateways: fetch the list now */
  clip: { rooms: ["canteen"], senders: { server: reliable(ClipRequested) } },
  /** PTZ control changing hands, commands for the camera's gateway, their outcome (issue 17, server/ptz) */
  ptz: { rooms: ["canteen"], senders: { server: reliable(PtzMessage) } },
  /** 数字变焦 (issue 17, server/zoom): a crop for the camera's gateway (addressed to it), its outcome to the requester */
  zoom: { rooms: ["canteen"], senders: { server: reliable(ZoomMessage) } },
  /** ONVIF discovery and profile reads (issue 17, server/onvif), addressed to one gateway (destination identity): they may carry credentials */
  onvif: { rooms: ["canteen"], senders: { server: reliable(OnvifMessage) } },
  alert: { rooms: ["ops"], senders: { server: reliable(AlertMessage) } },
  /** a supervised viewing session's Q&A, hands, microphones and end, addressed to its people (server/viewing/push.ts) */
  viewing: { rooms: ["canteen"], senders: { server: reliable(ViewingMessage) } },
  /** a district behind its patrol plan (issue 12): to the district's and the plan region's regulators */
  patrol: { rooms: ["ops"], senders: { server: reliable(PatrolMessage) } },
  /** 调度通知 (issue 16, item 8): a notice sent to a school, or signed for, in its canteens' live rooms and its ops room */
  notice: { rooms: ["canteen", "ops"], senders: { server: reliable(NoticeMessage) } },
  /** red warnings nobody acted on in time (issue 16 item 6): to the district's, its city's and its province's regulators */
  risk: { rooms: ["ops"], senders: { server: reliable(RiskMessage) } },
} as const satisfies Record<string, TopicSpec>;

export type Topic = keyof typeof TOPICS;
type Senders<T extends Topic> = (typeof TOPICS)[T]["senders"];
type SchemaMessage<X> = X extends { schema: infer Z extends z.ZodType } ? z.infer<Z> : never;
/** What the server may put on a topic. */
export type ServerMessage<T extends Topic> = T extends Topic ? (Senders<T> extends { server: infer X } ? SchemaMessage<X> : never) : never;
/** Anything that may arrive on a topic, from any allowed sender. */
export type MessageOf<T extends Topic> = T extends Topic ? { [S in keyof Senders<T>]: SchemaMessage<Senders<T>[S]> }[keyof Senders<T>] : never;

export const isTopic = (topic: string | undefined): topic is Topic => topic !== undefined && Object.hasOwn(TOPICS, topic);

export function specOf(topic: Topic, sender: Sender): { schema: z.ZodType; delivery: Delivery } | undefined {
  return (TOPICS[topic].senders as TopicSpec["senders"])[sender];
}
