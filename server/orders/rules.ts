import { createHash } from "node:crypto";
import { decide, type Transition } from "../lifecycle/transitions.ts";
import type { OrderEventType, OrderSeverity, OrderStatus } from "./contracts.ts";
import { canonicalJson } from "../audit/rules.ts";
import { DEFAULT_DEADLINE_DAYS } from "../contracts/enums.ts";
import { type ActorMembership, membershipCovers } from "../scope/actor.ts";

/**
 * The 整改通知 lifecycle (issue 4), as plain data and functions:
 *   issued → acknowledged → submitted → accepted → closed, and submitted → acknowledged when returned.
 * Each action belongs to one side: the school answers (orders.respond), the regulator reviews (orders.review).
 */
export const ORDER_ACTIONS = ["acknowledge", "submit", "return", "accept", "close"] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

const STALE = "order_transition_invalid";

export const TRANSITIONS = {
  acknowledge: { from: ["issued"], to: "acknowledged", permission: "orders.respond", event: "acknowledged", conflict: STALE },
  submit: { from: ["acknowledged"], to: "submitted", permission: "orders.respond", event: "submitted", requires: ["note", "photos"], conflict: STALE },
  return: { from: ["submitted"], to: "acknowledged", permission: "orders.review", event: "returned", requires: ["note"], conflict: STALE },
  accept: { from: ["submitted"], to: "accepted", permission: "orders.review", event: "accepted", conflict: STALE },
  close: { from: ["accepted"], to: "closed", permission: "orders.review", event: "closed", conflict: STALE },
} as const satisfies Record<OrderAction, Transition<OrderStatus, Record<string, never>> & { event: OrderEventType }>;

/** The status after `action`, or null when the order is not in the status the action starts from (→ 409). */
export function nextStatus(action: OrderAction, current: OrderStatus): OrderStatus | null {
  const outcome = decide<OrderStatus, Record<string, never>>(TRANSITIONS[action], { status: current, flags: {} });
  return outcome.ok ? outcome.status : null;
}

/** While an order waits for the school to rectify, it can run late. */
export const AWAITING_SCHOOL: readonly OrderStatus[] = ["issued", "acknowledged"];

const DAY_MS = 24 * 3600_000;

export const defaultDeadline = (severity: OrderSeverity, issuedAt: number) => issuedAt + DEFAULT_DEADLINE_DAYS[severity] * DAY_MS;

/** Escalation to the education bureau and the regulator comes this long after the deadline (issue 4). */
export const ESCALATION_DELAY_MS = 3 * DAY_MS;

export interface SweepState {
  status: OrderStatus;
  deadline: number;
  overdue: boolean;
  escalatedAt: number | null;
}
export type SweepDecision = "overdue" | "escalated";

/**
 * What the overdue sweep owes an order at `now`, in order: marked overdue (reminder to the school's
 * leaders) when the deadline passed without a submission, escalated three days after that. Both at once
 * when the sweep did not run for a while.
 */
export function sweepDecisions(o: SweepState, now: number): SweepDecision[] {
  if (!AWAITING_SCHOOL.includes(o.status)) return [];
  const out: SweepDecision[] = [];
  if (!o.overdue && now >= o.deadline) out.push("overdue");
  if (o.escalatedAt == null && now >= o.deadline + ESCALATION_DELAY_MS) out.push("escalated");
  return out;
}

/** Overdue and still waiting for the school: such orders lead the regulator's list. */
export const needsAttention = (o: { overdue: boolean; status: OrderStatus }) => o.overdue && AWAITING_SCHOOL.includes(o.status);

/** The calendar year in China (UTC+8) at `ms`. */
export const chinaYear = (ms: number) => new Date(ms + 8 * 3600_000).getUTCFullYear();

/**
 * 文号 prefix of a regulator: its region names from the city down (the province's name only for a
 * provincial regulator), then 市监整 — e.g. ["鄂州市", "鄂城区"] → 鄂州市鄂城区市监整.
 */
export const orderNumberPrefix = (regionNames: string[]) => `${regionNames.join("")}市监整`;

const LEVEL_RANK = { district: 0, city: 1, province: 2 } as const;

/** The regulator in whose name an order is issued: the caller's most local regulator membership covering the school. */
export function issuingMembership(memberships: ActorMembership[], school: { id: string; regionCode: string }): ActorMembership | null {
  const covering = memberships.filter((m) => m.orgKind === "regulator" && membershipCovers(m, school));
  return covering.sort((a, b) => LEVEL_RANK[a.regionLevel] - LEVEL_RANK[b.regionLevel])[0] ?? null;
}

/** e.g. 鄂州市鄂城区市监整〔2026〕0001号 */
export const orderNumber = (prefix: string, year: number, seq: number) => `${prefix}〔${year}〕${String(seq).padStart(4, "0")}号`;

export interface OrderDocumentInput {
  order: { id: string; number: string; canteenId: string; inspectionId: string | null; complaintId?: string | null; issuerOrgId: string; issuedBy: string; issuedAt: number; deadline: number; remarks: string | null };
  items: Array<{ id: string; seq: number; problem: string; severity: OrderSeverity; legalBasisCode: string; deadline: number; snapshots: Array<{ id: string; sha256: string }> }>;
}

/**
 * The canonical order document that the inspector signs. Only the order's own rows go in (ids, not names
 * that may be legitimately renamed later), snapshots by id and image sha256, legal bases by code. Status,
 * flags and events are not part of it: they change by design and are covered by the audit chain.
 */
export function orderDocument({ order, items }: OrderDocumentInput) {
  return {
    kind: "整改通知书",
    version: 1,
    id: order.id,
    number: order.number,
    canteenId: order.canteenId,
    inspectionId: order.inspectionId,
    // an order a complaint was turned into signs that link too (orders from inspections hash as before)
    ...(order.complaintId ? { complaintId: order.complaintId } : {}),
    issuerOrgId: order.issuerOrgId,
    issuedBy: order.issuedBy,
    issuedAt: order.issuedAt,
    deadline: order.deadline,
    remarks: order.remarks,
    items: [...items]
      .sort((a, b) => a.seq - b.seq)
      .map((i) => ({
        id: i.id,
        seq: i.seq,
        problem: i.problem,
        severity: i.severity,
        legalBasis: i.legalBasisCode,
        deadline: i.deadline,
        snapshots: [...i.snapshots].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((s) => ({ id: s.id, sha256: s.sha256 })),
      })),
  };
}

export const documentSha256 = (input: OrderDocumentInput) => createHash("sha256").update(canonicalJson(orderDocument(input))).digest("hex");
