import { permissionsOf } from "../../../server/auth/permissions.ts";
import type { Alert, Me, Membership, Role, SchoolSummary } from "../../../client/types.ts";

const SCHOOL = { orgId: "org_school000001", orgName: "鄂城区第一中学", orgKind: "school", regionCode: "420704", regionName: "鄂城区", regionLevel: "district" } as const;

const ORGS: Record<string, Omit<Membership, "id" | "role">> = {
  province: { orgId: "org_hubei0000001", orgName: "湖北省市场监督管理局", orgKind: "regulator", regionCode: "420000", regionName: "湖北省", regionLevel: "province" },
  city: { orgId: "org_city00000001", orgName: "鄂州市市场监督管理局", orgKind: "regulator", regionCode: "420700", regionName: "鄂州市", regionLevel: "city" },
  echeng: { orgId: "org_echeng000001", orgName: "鄂州市鄂城区市场监督管理局", orgKind: "regulator", regionCode: "420704", regionName: "鄂城区", regionLevel: "district" },
  education: { orgId: "org_edu000000001", orgName: "鄂州市教育局", orgKind: "education", regionCode: "420700", regionName: "鄂州市", regionLevel: "city" },
  school: SCHOOL,
};

/** A signed-in user as GET /auth/me describes them, with the server's own permission table. */
export function meAs(role: Role, org: keyof typeof ORGS, displayName = `${role} user`): Me {
  return {
    id: `usr_${role.replace(/_/g, "")}`.slice(0, 20).padEnd(12, "0"),
    username: role,
    displayName,
    memberships: [{ id: `mb_${role.replace(/_/g, "")}`.slice(0, 20).padEnd(10, "0"), role, ...ORGS[org]! }],
    permissions: permissionsOf([role]),
  };
}

export const inspector = () => meAs("inspector", "echeng", "鄂城区巡查员 张敏");
export const cityAdmin = () => meAs("regulator_admin", "city", "鄂州市监局管理员");
export const principal = () => meAs("principal", "school", "鄂城区第一中学校长 陈明");
export const director = () => meAs("food_safety_director", "school", "鄂城区第一中学食品安全总监 刘洋");
export const parent = () => meAs("parent_rep", "school", "鄂城区第一中学家长代表 周静");

export function school(name: string, extra: Partial<SchoolSummary> = {}): SchoolSummary {
  return {
    id: `org_${Buffer.from(name).toString("hex").slice(0, 16)}`,
    name,
    regionCode: "420704",
    regionName: "鄂城区",
    canteenCount: 1,
    cameraCount: 7,
    onlineCameraCount: 3,
    lastPatrolledAt: null,
    ...extra,
  };
}

/** An alert as the inbox shows it (the demo canteen's storeroom camera); `extra` changes what a test needs. */
export function alert(id = "alr_component01", extra: Partial<Alert> = {}): Alert {
  return {
    id,
    type: "after_hours_intrusion",
    status: "new",
    fpProposed: false,
    confidence: 0.83,
    boxes: [{ x: 0.1, y: 0.2, w: 0.3, h: 0.5, label: "person", score: 0.83 }],
    cameraId: "cam_component01",
    cameraName: "库房-AI抓拍演示",
    ledgerEntryId: null,
    canteenId: "cnt_component01",
    canteenName: "鄂城区第一中学食堂",
    orgId: "org_school000001",
    orgName: "鄂城区第一中学",
    hasSnapshot: true,
    occurredAt: "2026-11-23T22:00:00.000+08:00",
    receivedAt: "2026-11-23T22:00:00.400+08:00",
    deadlineAt: "2026-11-24T00:00:00.400+08:00",
    escalatedAt: null,
    closedAt: null,
    updatedAt: "2026-11-23T22:00:00.400+08:00",
    occurrences: 1,
    lastOccurredAt: "2026-11-23T22:00:00.000+08:00",
    fpRate: { type: "after_hours_intrusion", falsePositives: 3, judged: 5, rate: 0.6, raised: true },
    ...extra,
  };
}
