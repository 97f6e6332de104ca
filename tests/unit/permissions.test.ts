import { describe, expect, it } from "vitest";
import { ROLES } from "../../db/schema/accounts.ts";
import { grantableRoles, PERMISSIONS, permissionsOf, rolesWith } from "../../server/auth/permissions.ts";

/** DESIGN §3 written out by hand, so a change to the permission table has to change this too. */
const EXPECTED: Record<string, string[]> = {
  regulator_admin: ["self", "orgs.read", "orgs.manage", "schools.read", "canteens.read", "canteens.manage", "gateways.manage", "users.manage", "audit.verify", "live.join", "ptz.control", "inspections.read", "inspections.run", "snapshots.annotate", "orders.read", "orders.issue", "orders.review", "alerts.read", "alerts.verify", "patrol.read", "patrol.draw", "patrol.check", "field.read", "field.assign", "field.run", "recordings.read", "sensors.read", "sensors.manage", "complaints.read", "complaints.review", "committee.read", "committee.suppliers", "viewing.read", "ledgers.read", "checklists.read", "checklists.manage", "trace.read", "trace.cost", "overview.read", "notices.send", "notices.read"],
  inspector: ["self", "orgs.read", "schools.read", "canteens.read", "live.join", "ptz.control", "inspections.read", "inspections.run", "snapshots.annotate", "orders.read", "orders.issue", "orders.review", "alerts.read", "alerts.verify", "patrol.read", "patrol.check", "field.read", "field.assign", "field.run", "recordings.read", "sensors.read", "complaints.read", "complaints.review", "committee.read", "committee.suppliers", "viewing.read", "ledgers.read", "checklists.read", "trace.read", "trace.cost", "overview.read", "notices.read"],
  education_officer: ["self", "orgs.read", "schools.read", "canteens.read", "live.join", "inspections.read", "snapshots.annotate", "orders.read", "alerts.read", "patrol.read", "recordings.read", "sensors.read", "complaints.read", "committee.read", "committee.suppliers", "viewing.read", "ledgers.read", "checklists.read", "trace.read", "trace.cost", "overview.read", "notices.send", "notices.read"],
  principal: ["self", "orgs.read", "schools.read", "canteens.read", "canteens.manage", "gateways.manage", "users.manage", "live.join", "ptz.control", "inspections.read", "snapshots.annotate", "orders.read", "orders.respond", "alerts.read", "alerts.dispose", "recordings.read", "sensors.read", "sensors.manage", "complaints.read", "complaints.respond", "committee.read", "committee.manage", "committee.suppliers", "viewing.read", "viewing.manage", "selfcheck.record", "todo.read", "ledgers.read", "ledgers.write", "ledgers.review", "ledgers.manage", "trace.read", "trace.receive", "trace.manage", "trace.cost", "notices.read", "notices.ack"],
  food_safety_director: ["self", "orgs.read", "schools.read", "canteens.read", "canteens.manage", "gateways.manage", "live.join", "ptz.control", "inspections.read", "snapshots.annotate", "orders.read", "orders.respond", "alerts.read", "alerts.dispose", "recordings.read", "sensors.read", "sensors.manage", "complaints.read", "complaints.respond", "committee.read", "committee.manage", "committee.suppliers", "viewing.read", "viewing.manage", "selfcheck.record", "todo.read", "ledgers.read", "ledgers.write", "ledgers.review", "ledgers.manage", "trace.read", "trace.receive", "trace.manage", "trace.cost", "notices.read", "notices.ack"],
  food_safety_officer: ["self", "orgs.read", "canteens.read", "live.join", "ptz.control", "inspections.read", "snapshots.annotate", "orders.read", "orders.respond", "alerts.read", "alerts.dispose", "recordings.read", "sensors.read", "complaints.read", "complaints.respond", "viewing.read", "selfcheck.record", "todo.read", "ledgers.read", "ledgers.write", "ledgers.review", "ledgers.manage", "trace.read", "trace.receive", "notices.read"],
  canteen_staff: ["self", "orgs.read", "canteens.read", "live.join", "snapshots.annotate", "alerts.read", "recordings.read", "sensors.read", "ledgers.read", "ledgers.write", "trace.read", "trace.receive"],
  supplier_manager: ["self", "orgs.read", "canteens.read", "live.join", "snapshots.annotate", "trace.read", "trace.deliver"],
  parent_rep: ["self", "orgs.read", "canteens.read", "live.join", "committee.suppliers", "viewing.read", "viewing.join"],
};

describe("permission table", () => {
  it.each(ROLES.map((r) => [r]))("%s holds exactly the permissions of DESIGN §3", (role) => {
    expect(permissionsOf([role]).sort()).toEqual([...EXPECTED[role]!].sort());
  });

  it("parents and staff can never manage anything", () => {
    for (const p of Object.keys(PERMISSIONS) as Array<keyof typeof PERMISSIONS>) {
      if (p.endsWith(".manage") || p === "audit.verify" || p === "inspections.run" || p === "orders.issue" || p === "orders.review" || p === "orders.respond" || p === "alerts.dispose" || p === "alerts.verify") {
        expect(rolesWith(p)).not.toContain("parent_rep");
        expect(rolesWith(p)).not.toContain("canteen_staff");
      }
    }
  });

  it("only the school answers an order and only the regulator issues and reviews it; education officers follow up (read)", () => {
    expect(rolesWith("orders.respond")).toEqual(["principal", "food_safety_director", "food_safety_officer"]);
    expect(rolesWith("orders.review")).toEqual(["regulator_admin", "inspector"]);
    expect(rolesWith("orders.issue")).toEqual(["regulator_admin", "inspector"]);
    expect(rolesWith("orders.read")).toContain("education_officer");
    expect(rolesWith("snapshots.annotate")).not.toContain("parent_rep");
  });

  it("recordings: regulators and school managers in scope, the canteen's own staff; parents never (issue 19, item 6)", () => {
    expect(rolesWith("recordings.read")).not.toContain("parent_rep");
    expect(rolesWith("recordings.read")).not.toContain("supplier_manager");
    expect(rolesWith("recordings.read")).toContain("canteen_staff");
  });

  it("sensors (issue 17): read like alerts, registered like cameras; parents and suppliers nothing", () => {
    expect(rolesWith("sensors.read")).toEqual(rolesWith("alerts.read"));
    expect(rolesWith("sensors.manage")).toEqual(rolesWith("gateways.manage"));
  });

  it("PTZ: the market regulator and the school's managers and food-safety officer steer; education, staff, suppliers and parents never (issue 17)", () => {
    expect([...rolesWith("ptz.control")].sort()).toEqual(["food_safety_director", "food_safety_officer", "inspector", "principal", "regulator_admin"]);
  });

  it("parents see no alerts; canteen staff see but do not dispose; regulators judge, schools dispose (DESIGN §3)", () => {
    expect(rolesWith("alerts.read")).not.toContain("parent_rep");
    expect(rolesWith("alerts.read")).toContain("canteen_staff");
    expect(rolesWith("alerts.dispose")).not.toContain("canteen_staff");
    for (const r of rolesWith("alerts.dispose")) expect(rolesWith("alerts.verify")).not.toContain(r);
  });

  it("自律台账: staff fill, the school's officers review and manage, regulators and education read; parents and suppliers nothing (issue 14)", () => {
    expect(rolesWith("ledgers.write")).toContain("canteen_staff");
    expect(rolesWith("ledgers.review")).not.toContain("canteen_staff");
    for (const p of ["ledgers.read", "ledgers.write", "ledgers.review", "ledgers.manage"] as const) {
      expect(rolesWith(p)).not.toContain("parent_rep");
      expect(rolesWith(p)).not.toContain("supplier_manager");
    }
    for (const r of ["regulator_admin", "inspector", "education_officer"] as const) {
      expect(rolesWith("ledgers.read")).toContain(r);
      expect(rolesWith("ledgers.write")).not.toContain(r);
    }
  });

  it("调度通知: the regulator's admin and the education bureau send, every regulator follows, the school's leaders sign; parents, staff and suppliers nothing (issue 16, item 8)", () => {
    expect(rolesWith("notices.send")).toEqual(["regulator_admin", "education_officer"]);
    expect(rolesWith("notices.ack")).toEqual(["principal", "food_safety_director"]);
    for (const p of ["notices.send", "notices.read", "notices.ack"] as const) {
      for (const r of ["parent_rep", "canteen_staff", "supplier_manager"] as const) expect(rolesWith(p)).not.toContain(r);
    }
    for (const r of rolesWith("notices.ack")) expect(rolesWith("notices.send")).not.toContain(r);
  });

  it("a principal may grant only parent accounts, only in a school (seed 000 第十六条)", () => {
    expect(grantableRoles("principal", "school")).toEqual(["parent_rep"]);
    expect(grantableRoles("principal", "supplier")).toEqual([]);
    expect(grantableRoles("inspector", "school")).toEqual([]);
    expect(grantableRoles("regulator_admin", "regulator")).toContain("inspector");
    expect(grantableRoles("regulator_admin", "school")).not.toContain("regulator_admin");
  });
});
