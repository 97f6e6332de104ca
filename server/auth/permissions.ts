import { ROLES } from "../contracts/enums.ts";
import type { Role } from "../accounts/contracts.ts";

const ALL: readonly Role[] = ROLES;
const REGULATORS: readonly Role[] = ["regulator_admin", "inspector", "education_officer"];
const SCHOOL_MANAGERS: readonly Role[] = ["principal", "food_safety_director"];

/**
 * The one table of who may do what. A route names one permission; the caller's scope for that route is
 * the union of the jurisdictions of the memberships whose role grants it (see scope.ts).
 */
export const PERMISSIONS = {
  /** one's own session: me, logout, reference data such as regions */
  self: ALL,
  "orgs.read": ALL,
  "orgs.manage": ["regulator_admin"],
  "schools.read": [...REGULATORS, ...SCHOOL_MANAGERS],
  "canteens.read": ALL,
  "canteens.manage": ["regulator_admin", ...SCHOOL_MANAGERS],
  "gateways.manage": ["regulator_admin", ...SCHOOL_MANAGERS],
  /** steer a PTZ camera in the live room (issue 17): the market regulator's side (taking precedence) and the school's
   *  managers and food-safety officer; one holder at a time (server/ptz/rules.ts) */
  "ptz.control": ["regulator_admin", "inspector", ...SCHOOL_MANAGERS, "food_safety_officer"],
  /** regulator admins manage every account in their region; principals manage their school's parent accounts */
  "users.manage": ["regulator_admin", "principal"],
  "audit.verify": ["regulator_admin"],
  /** join a canteen's live room; grants depend on the role (media/tokens.ts) */
  "live.join": ALL,
  "inspections.read": [...REGULATORS, ...SCHOOL_MANAGERS, "food_safety_officer"],
  "inspections.run": ["regulator_admin", "inspector"],
  /** freeze frames of a canteen's cameras, view and annotate them: everyone who takes part in the live room
   *  (parents only watch, so they neither freeze nor draw) */
  "snapshots.annotate": ALL.filter((r) => r !== "parent_rep"),
  /** 整改通知: regulators and education bureaus follow them in their region (DESIGN §3), the school's managers theirs */
  "orders.read": [...REGULATORS, ...SCHOOL_MANAGERS, "food_safety_officer"],
  "orders.issue": ["regulator_admin", "inspector"],
  /** the school's side of the lifecycle: acknowledge (签收), submit rectification evidence */
  "orders.respond": [...SCHOOL_MANAGERS, "food_safety_officer"],
  /** the regulator's side: return, accept, close */
  "orders.review": ["regulator_admin", "inspector"],
  /** AI抓拍 alerts: everyone who works in or supervises a canteen sees them (staff their own school's); parents do not */
  "alerts.read": [...REGULATORS, ...SCHOOL_MANAGERS, "food_safety_officer", "canteen_staff"],
  /** the school acknowledges, disposes of (with a photo) or proposes a false positive (DESIGN §3: alerts disposal) */
  "alerts.dispose": [...SCHOOL_MANAGERS, "food_safety_officer"],
  /** the market regulator verifies a disposal or marks a false positive */
  "alerts.verify": ["regulator_admin", "inspector"],
  /** recordings (issue 19): regulators and school managers in scope, canteen staff their own canteen; parents never */
  "recordings.read": [...REGULATORS, ...SCHOOL_MANAGERS, "food_safety_officer", "canteen_staff"],
  /** IoT sensors (可感测, issue 17): their readings, runs and thresholds, like alerts (parents never); the school's managers
   *  and regulator admins register them like cameras */
  "sensors.read": [...REGULATORS, ...SCHOOL_MANAGERS, "food_safety_officer", "canteen_staff"],
  "sensors.manage": ["regulator_admin", ...SCHOOL_MANAGERS],
  /** patrol records, coverage, draws (issue 12): the supervising side */
  "patrol.read": REGULATORS,
  /** define, commit and reveal 网上抽查 draws of a region */
  "patrol.draw": ["regulator_admin"],
  /** run a drawn spot check one is assigned to */
  "patrol.check": ["regulator_admin", "inspector"],
  /** 靶向飞行 field tasks: the regulator's board; made from a spot-check finding, an alert or a complaint; run on site by
   *  the assigned inspectors only (unannounced: the school never sees them) */
  "field.read": ["regulator_admin", "inspector"],
  "field.assign": ["regulator_admin", "inspector"],
  "field.run": ["regulator_admin", "inspector"],
  /** 一键投诉 from the public page: the school answers its own, regulators and education bureaus follow their region's */
  "complaints.read": [...REGULATORS, ...SCHOOL_MANAGERS, "food_safety_officer"],
  "complaints.respond": [...SCHOOL_MANAGERS, "food_safety_officer"],
  /** the district regulator returns an answer, escalates an overdue complaint, closes an answered one */
  "complaints.review": ["regulator_admin", "inspector"],
  /** 膳食委员会: the school keeps its parent members; regulators and education bureaus see the count against the rule */
  "committee.read": [...REGULATORS, ...SCHOOL_MANAGERS],
  "committee.manage": SCHOOL_MANAGERS,
  /** the suppliers the school chose and how its parent committee was consulted on each: the school's parents watch it */
  "committee.suppliers": [...REGULATORS, ...SCHOOL_MANAGERS, "parent_rep"],
  /** 监督观看: parents see the sessions they are invited to; the school and its regulators every session's record */
  "viewing.read": [...REGULATORS, ...SCHOOL_MANAGERS, "food_safety_officer", "parent_rep"],
  /** schedule, host (answer, hide, open a parent's microphone), end; answer the evaluations' problems */
  "viewing.manage": SCHOOL_MANAGERS,
  /** 第十三条: the school records its daily self-check (food-safety officer) and its leader's weekly patrol (principal, director) */
  "selfcheck.record": [...SCHOOL_MANAGERS, "food_safety_officer"],
  /** the school's home: what waits for it today */
  "todo.read": [...SCHOOL_MANAGERS, "food_safety_officer"],
  /** an invited parent joins, asks, raises a hand, evaluates */
  "viewing.join": ["parent_rep"],
  /** 自律台账 (issue 14): staff fill and read their own canteen's ledgers, regulators read within their region */
  "ledgers.read": [...REGULATORS, ...SCHOOL_MANAGERS, "food_safety_officer", "canteen_staff"],
  "ledgers.write": [...SCHOOL_MANAGERS, "food_safety_officer", "canteen_staff"],
  /** 复核 (and, for the principal, the weekly sign-off) */
  "ledgers.review": [...SCHOOL_MANAGERS, "food_safety_officer"],
  /** staff files (health certificates) and a canteen's ledger settings */
  "ledgers.manage": [...SCHOOL_MANAGERS, "food_safety_officer"],
  /** 食品安全自查 checklists (日管控、周排查、月调度) of a region: regulators and education bureaus read them; the market
   *  regulator's admin adapts them for its region (the school reads the ones in effect through ledgers.read) */
  "checklists.read": REGULATORS,
  "checklists.manage": ["regulator_admin"],
  /** traceability (issue 15): the canteen's side, regulators and education bureaus in their region, and a supplier's
   *  manager (its own deliveries and batches, through server/scope/trace.ts) */
  "trace.read": [...REGULATORS, ...SCHOOL_MANAGERS, "food_safety_officer", "canteen_staff", "supplier_manager"],
  /** 配送单 and the supplier's own file (licences, products) */
  "trace.deliver": ["supplier_manager"],
  /** receive deliveries (进货查验), move stock, record the day's use */
  "trace.receive": [...SCHOOL_MANAGERS, "food_safety_officer", "canteen_staff"],
  /** approve a supplier, set the menus (带量食谱) and the budget */
  "trace.manage": SCHOOL_MANAGERS,
  /** 成本管控: cost per student-meal from delivery prices (the public sees sources, never prices) */
  "trace.cost": [...REGULATORS, ...SCHOOL_MANAGERS],
  /** 首页驾驶舱 (issue 16): coverage, online rate, disposal, patrol, ledgers, complaints of one's region; the monthly report */
  "overview.read": REGULATORS,
  /** 应急指挥调度 (issue 16, item 8): the market regulator's admin and the education bureau broadcast a notice to the
   *  schools of a region; every regulator follows its region's notices and receipts, the school's managers read theirs */
  "notices.send": ["regulator_admin", "education_officer"],
  "notices.read": [...REGULATORS, ...SCHOOL_MANAGERS, "food_safety_officer"],
  /** the read receipt: the principal or the food-safety director signs for the school */
  "notices.ack": SCHOOL_MANAGERS,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const rolesWith = (permission: Permission): readonly Role[] => PERMISSIONS[permission];

export function permissionsOf(roles: Iterable<Role>): Permission[] {
  const held = new Set(roles);
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => PERMISSIONS[p].some((r) => held.has(r)));
}

/** Roles whose jurisdiction is a region (and everything below it); all others are bound to their own org. */
export const REGION_ROLES: readonly Role[] = REGULATORS;

/** The roles a membership may grant in an org of this kind (pure rule used by users.manage). */
export function grantableRoles(granter: Role, orgKind: "regulator" | "education" | "school" | "supplier"): Role[] {
  if (granter === "principal") return orgKind === "school" ? ["parent_rep"] : [];
  if (granter !== "regulator_admin") return [];
  switch (orgKind) {
    case "regulator":
      return ["regulator_admin", "inspector"];
    case "education":
      return ["education_officer"];
    case "school":
      return ["principal", "food_safety_director", "food_safety_officer", "canteen_staff", "parent_rep"];
    case "supplier":
      return ["supplier_manager", "canteen_staff", "food_safety_officer"];
  }
}
