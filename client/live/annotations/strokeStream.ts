import { MAX_LIVE_STROKE_POINTS, MAX_PROGRESS_POINTS, type Point } from "../../../server/snapshots/annotation-contracts.ts";

/** Where the sending of one stroke stands: points handed to the room so far, and how many the last message added. */
export interface StrokeCursor {
  sent: number;
  lastBatch: number;
}

export const startStroke = (): StrokeCursor => ({ sent: 0, lastBatch: 0 });

/**
 * The stroke.progress messages (their `from` and points) that bring the others up to `points`: each carries the
 * new points and repeats the previous message's as far as MAX_PROGRESS_POINTS allows, so one lost packet costs
 * nothing on the other screen (the lossy channel drops some under load) and a burst costs a straight step.
 */
export function progressMessages(points: readonly Point[], cursor: StrokeCursor): { messages: { from: number; points: Point[] }[]; cursor: StrokeCursor } {
  const all = points.slice(0, MAX_LIVE_STROKE_POINTS);
  let { sent, lastBatch } = cursor;
  const messages: { from: number; points: Point[] }[] = [];
  while (sent < all.length) {
    const fresh = Math.min(all.length - sent, MAX_PROGRESS_POINTS);
    const from = sent - Math.min(lastBatch, MAX_PROGRESS_POINTS - fresh);
    messages.push({ from, points: all.slice(from, sent + fresh) });
    sent += fresh;
    lastBatch = fresh;
  }
  return { messages, cursor: { sent, lastBatch } };
}
