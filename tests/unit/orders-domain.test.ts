import { describe, expect, it } from "vitest";
import { ORDER_STATUSES } from "../../server/contracts/enums.ts";
import {
  chinaYear,
  defaultDeadline,
  documentSha256,
  ESCALATION_DELAY_MS,
  needsAttention,
  nextStatus,
  ORDER_ACTIONS,
  orderNumber,
  orderNumberPrefix,
  sweepDecisions,
  TRANSITIONS,
  type OrderDocumentInput,
} from "../../server/orders/rules.ts";
import { rolesWith } from "../../server/auth/permissions.ts";

const DAY = 86_400_000;

describe("the order lifecycle table", () => {
  it("walks issued → acknowledged → submitted → accepted → closed, with returned going back to acknowledged", () => {
    expect(nextStatus("acknowledge", "issued")).toBe("acknowledged");
    expect(nextStatus("submit", "acknowledged")).toBe("submitted");
    expect(nextStatus("return", "submitted")).toBe("acknowledged");
    expect(nextStatus("accept", "submitted")).toBe("accepted");
    expect(nextStatus("close", "accepted")).toBe("closed");
  });

  it("allows each action from exactly one status (everything else is out of order)", () => {
    for (const action of ORDER_ACTIONS) {
      const allowed = ORDER_STATUSES.filter((s) => nextStatus(action, s) !== null);
      expect(allowed, action).toEqual([...TRANSITIONS[action].from]);
    }
    expect(ORDER_STATUSES.map((s) => nextStatus("accept", s)).filter(Boolean)).toEqual(["accepted"]);
    expect(nextStatus("submit", "issued")).toBeNull(); // 签收 first
    expect(nextStatus("close", "submitted")).toBeNull(); // accept first
  });

  it("gives the school's steps to the school and the review to the regulator", () => {
    for (const a of ["acknowledge", "submit"] as const) {
      expect(rolesWith(TRANSITIONS[a].permission)).toEqual(["principal", "food_safety_director", "food_safety_officer"]);
    }
    for (const a of ["return", "accept", "close"] as const) {
      expect(rolesWith(TRANSITIONS[a].permission)).toEqual(["regulator_admin", "inspector"]);
    }
  });
});

describe("deadlines and the sweep", () => {
  const issuedAt = Date.UTC(2026, 10, 23, 2);
  it("defaults the deadline by severity", () => {
    expect(defaultDeadline("critical", issuedAt) - issuedAt).toBe(1 * DAY);
    expect(defaultDeadline("major", issuedAt) - issuedAt).toBe(7 * DAY);
    expect(defaultDeadline("minor", issuedAt) - issuedAt).toBe(15 * DAY);
  });

  it("marks overdue at the deadline, escalates three days later, once each, only while awaiting the school", () => {
    const o = { status: "acknowledged" as const, deadline: issuedAt + DAY, overdue: false, escalatedAt: null };
    expect(sweepDecisions(o, o.deadline - 1)).toEqual([]);
    expect(sweepDecisions(o, o.deadline)).toEqual(["overdue"]);
    expect(sweepDecisions({ ...o, overdue: true }, o.deadline + ESCALATION_DELAY_MS - 1)).toEqual([]);
    expect(sweepDecisions({ ...o, overdue: true }, o.deadline + ESCALATION_DELAY_MS)).toEqual(["escalated"]);
    expect(sweepDecisions(o, o.deadline + ESCALATION_DELAY_MS)).toEqual(["overdue", "escalated"]);
    expect(sweepDecisions({ ...o, overdue: true, escalatedAt: 1 }, o.deadline + 10 * DAY)).toEqual([]);
    for (const status of ["submitted", "accepted", "closed"] as const) expect(sweepDecisions({ ...o, status }, o.deadline + 10 * DAY)).toEqual([]);
    expect(needsAttention({ overdue: true, status: "issued" })).toBe(true);
    expect(needsAttention({ overdue: true, status: "submitted" })).toBe(false);
  });
});

describe("order numbers", () => {
  it("follow the 文号 form of the regulator's region and the Chinese calendar year", () => {
    expect(orderNumber(orderNumberPrefix(["鄂州市", "鄂城区"]), 2026, 1)).toBe("鄂州市鄂城区市监整〔2026〕0001号");
    expect(orderNumber(orderNumberPrefix(["鄂州市"]), 2026, 123)).toBe("鄂州市市监整〔2026〕0123号");
    // 31 Dec 2026 17:00 UTC is already 1 Jan 2027 in Beijing
    expect(chinaYear(Date.UTC(2026, 11, 31, 17))).toBe(2027);
    expect(chinaYear(Date.UTC(2026, 11, 31, 15))).toBe(2026);
  });
});

describe("the signed document hash", () => {
  const input: OrderDocumentInput = {
    order: { id: "ord_aaaaaaaa", number: "鄂州市鄂城区市监整〔2026〕0001号", canteenId: "cnt_aaaaaaaa", inspectionId: "ins_aaaaaaaa", issuerOrgId: "org_aaaaaaaa", issuedBy: "usr_aaaaaaaa", issuedAt: 1, deadline: 2, remarks: null },
    items: [
      { id: "oit_bbbbbbbb", seq: 2, problem: "乙", severity: "minor", legalBasisCode: "fsl-54", deadline: 2, snapshots: [{ id: "snp_b", sha256: "b".repeat(64) }, { id: "snp_a", sha256: "a".repeat(64) }] },
      { id: "oit_aaaaaaaa", seq: 1, problem: "甲", severity: "major", legalBasisCode: "fsl-56", deadline: 2, snapshots: [] },
    ],
  };
  it("does not depend on row order", () => {
    const shuffled = { ...input, items: [...input.items].reverse().map((i) => ({ ...i, snapshots: [...i.snapshots].reverse() })) };
    expect(documentSha256(shuffled)).toBe(documentSha256(input));
  });
  it("changes with any signed field", () => {
    const base = documentSha256(input);
    expect(documentSha256({ ...input, order: { ...input.order, deadline: 3 } })).not.toBe(base);
    expect(documentSha256({ ...input, items: [{ ...input.items[0]!, problem: "丙" }, input.items[1]!] })).not.toBe(base);
    expect(documentSha256({ ...input, items: [{ ...input.items[0]!, snapshots: [{ id: "snp_a", sha256: "c".repeat(64) }] }, input.items[1]!] })).not.toBe(base);
    expect(documentSha256({ ...input, items: [input.items[0]!, { ...input.items[1]!, legalBasisCode: "fsl-33" }] })).not.toBe(base);
  });
});
