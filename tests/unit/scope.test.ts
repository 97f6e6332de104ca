import { describe, expect, it } from "vitest";
import { canGrant, canManageUser } from "../../server/accounts/grants.ts";
import { regionRange } from "../../server/orgs/region-ladder.ts";
import { type Actor, type ActorMembership, orgWithin, regionInScope, scopeFor } from "../../server/scope/actor.ts";

const m = (over: Partial<ActorMembership>): ActorMembership => ({
  id: "mb_1",
  orgId: "org_reg",
  orgName: "x",
  orgKind: "regulator",
  regionCode: "420704",
  regionName: "鄂城区",
  regionLevel: "district",
  role: "inspector",
  ...over,
});
const actor = (...memberships: ActorMembership[]): Actor => ({ userId: "usr_1", username: "u", displayName: "U", sessionId: "ses_1", memberships });

describe("regionRange (GB/T 2260 prefixes)", () => {
  it("covers a province, a city or one district", () => {
    expect(regionRange("420000", "province")).toEqual(["420000", "429999"]);
    expect(regionRange("420700", "city")).toEqual(["420700", "420799"]);
    expect(regionRange("420704", "district")).toEqual(["420704", "420704"]);
  });
});

describe("scopeFor", () => {
  it("a district inspector's scope is the district, not its neighbours", () => {
    const s = scopeFor(actor(m({})), "schools.read");
    expect(regionInScope(s, "420704")).toBe(true);
    expect(regionInScope(s, "420703")).toBe(false);
    expect(s.orgIds).toEqual([]);
  });

  it("a city admin covers every district of the city and no other city", () => {
    const s = scopeFor(actor(m({ role: "regulator_admin", regionCode: "420700", regionLevel: "city" })), "orgs.manage");
    expect(regionInScope(s, "420702")).toBe(true);
    expect(regionInScope(s, "420202")).toBe(false);
  });

  it("school roles are bound to their own org; only memberships granting the permission count", () => {
    const a = actor(m({ role: "principal", orgId: "org_school", orgKind: "school" }), m({ role: "parent_rep", orgId: "org_other", orgKind: "school" }));
    const manage = scopeFor(a, "canteens.manage");
    expect(manage.orgIds).toEqual(["org_school"]);
    expect(manage.regionRanges).toEqual([]);
    const read = scopeFor(a, "canteens.read");
    expect(read.orgIds.sort()).toEqual(["org_other", "org_school"]);
    expect(read.publicCamerasOnly).toBe(false);
    expect(orgWithin(manage, { id: "org_other", regionCode: "420704" })).toBe(false);
  });

  it("parents see public cameras only; no membership means an empty scope", () => {
    expect(scopeFor(actor(m({ role: "parent_rep", orgId: "org_s", orgKind: "school" })), "canteens.read").publicCamerasOnly).toBe(true);
    const none = scopeFor(actor(m({ role: "parent_rep" })), "orgs.manage");
    expect(none.memberships).toEqual([]);
    expect(none.publicCamerasOnly).toBe(false);
  });
});

describe("canGrant", () => {
  const cityAdmin = scopeFor(actor(m({ role: "regulator_admin", regionCode: "420700", regionLevel: "city" })), "users.manage");
  const principal = scopeFor(actor(m({ role: "principal", orgId: "org_school", orgKind: "school" })), "users.manage");
  const school = { id: "org_school", kind: "school" as const, regionCode: "420704" };

  it("regulator admins grant school roles inside their region only", () => {
    expect(canGrant(cityAdmin, school, "principal")).toBe(true);
    expect(canGrant(cityAdmin, { ...school, regionCode: "420202" }, "principal")).toBe(false);
    expect(canGrant(cityAdmin, school, "inspector")).toBe(false);
  });

  it("principals grant parent accounts of their own school only", () => {
    expect(canGrant(principal, school, "parent_rep")).toBe(true);
    expect(canGrant(principal, school, "canteen_staff")).toBe(false);
    expect(canGrant(principal, { ...school, id: "org_other" }, "parent_rep")).toBe(false);
    expect(canManageUser(principal, [{ org: school, role: "parent_rep" }])).toBe(true);
    expect(canManageUser(principal, [{ org: school, role: "parent_rep" }, { org: school, role: "canteen_staff" }])).toBe(false);
    expect(canManageUser(principal, [])).toBe(false);
  });
});
