import { COMPLAINT_ANSWER_DAYS } from "../contracts/enums.ts";
import type { Transition } from "../lifecycle/transitions.ts";
import type { ComplaintStatus } from "./contracts.ts";

/**
 * The complaint lifecycle (issue 13, item 4) as data: the school answers (complaints.respond); the regulator
 * returns an answer, escalates an overdue complaint, or closes an answered one (complaints.review), or turns it
 * into a rectification order (orders.issue).
 */
export const COMPLAINT_ACTIONS = ["answer", "return", "escalate", "close", "order"] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];
export type ComplaintFlags = { escalated: boolean; overdue: boolean; ordered: boolean };

const STALE = "complaint_transition_invalid";

export const COMPLAINT_TRANSITIONS = {
  answer: { from: ["open"], to: "answered", permission: "complaints.respond", event: "answered", requires: ["note"], conflict: STALE },
  return: { from: ["answered"], to: "open", permission: "complaints.review", event: "returned", requires: ["note"], conflict: STALE },
  escalate: {
    from: ["open"],
    permission: "complaints.review",
    event: "escalated",
    when: { flags: { overdue: true, escalated: false }, otherwise: "complaint_not_overdue" },
    set: { escalated: true },
    conflict: STALE,
  },
  close: { from: ["answered"], to: "closed", permission: "complaints.review", event: "closed", closes: true, conflict: STALE },
  // the district regulator turns it into a 整改通知 (server/orders numbers and signs it); at most once, never once closed
  order: {
    from: ["open", "answered"],
    permission: "orders.issue",
    event: "ordered",
    when: { flags: { ordered: false }, otherwise: "complaint_already_ordered" },
    set: { ordered: true },
    conflict: STALE,
  },
} as const satisfies Record<ComplaintAction, Transition<ComplaintStatus, ComplaintFlags>>;

const DAY_MS = 24 * 3600_000;
export const answerDeadline = (filedAt: number) => filedAt + COMPLAINT_ANSWER_DAYS * DAY_MS;
export const isOverdue = (c: { status: ComplaintStatus; deadlineAt: number }, now: number) => c.status === "open" && now > c.deadlineAt;

/** 13812345678 → 138****5678; anything else shows as stars with its last two characters. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  if (/^\d{11}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  return `${"*".repeat(Math.max(phone.length - 2, 1))}${phone.slice(-2)}`;
}

/** Tracking codes: 10 characters without look-alikes (0/O, 1/I/L). */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export function trackingCode(random: Uint8Array): string {
  let out = "";
  for (const byte of random) {
    if (byte < 248 - (248 % CODE_ALPHABET.length) && out.length < 10) out += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  }
  return out;
}

/** How many a single address may file in the window before 429 (seed 002: one-click complaint, not a flood). */
export const THROTTLE = {
  windowMs: 3600_000,
  complaints: 5,
  ratings: 10,
} as const;

/** Pure: whether another one from this address is refused, and how long until the oldest in the window leaves it. */
export function throttled(recent: readonly number[], limit: number, now: number, windowMs: number = THROTTLE.windowMs): { refused: boolean; retryAfterS: number } {
  const inWindow = recent.filter((at) => at > now - windowMs).sort((a, b) => a - b);
  if (inWindow.length < limit) return { refused: false, retryAfterS: 0 };
  const oldest = inWindow[inWindow.length - limit]!;
  return { refused: true, retryAfterS: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
}
