import type { memberships, users } from "../../schema/index.ts";
import { DUMMY_HASH } from "../../../server/accounts/password.ts";
import { orderNumberPrefix } from "../../../server/orders/rules.ts";
import { DEMO_REGIONS } from "../regions.ts";
import type { DemoCity, RegulatorRow } from "./city.ts";
import type { Draws, Row } from "./shared.ts";

/** The district inspector for each demo district (history-only accounts where the demo has none). */
const INSPECTOR_OF: Record<string, string> = { "420704": "echeng.inspector", "420703": "huarong.inspector", "420702": "ezhou.admin" };
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"];

/** Who inspects a school, and in the name of which regulator (the prefix of that regulator's order numbers). */
export interface Inspector {
  userId: string;
  regulator: RegulatorRow;
  prefix: string;
}

export interface HistoryPeople {
  users: Array<Row<typeof users>>;
  memberships: Array<Row<typeof memberships>>;
  /** school org id → its principal (the demo's, or a history-only one) */
  principalOf: Map<string, string>;
  inspectorOf: (regionCode: string) => Inspector;
  /** user id → display name, the new accounts included */
  nameOf: Map<string, string>;
}

/**
 * The people the history needs besides the demo's: a principal per school without one and 黄石's inspector.
 * They are history-only accounts (no password: they cannot sign in), created at the start of the history.
 */
export function historyPeople(city: DemoCity, draws: Draws, from: number): HistoryPeople {
  const newUsers: Array<Row<typeof users>> = [];
  const newMemberships: Array<Row<typeof memberships>> = [];
  const principalOf = new Map(city.principalOf);
  const account = (username: string, displayName: string, orgId: string, role: "principal" | "inspector") => {
    const id = draws.newId("usr");
    newUsers.push({ id, username, displayName, passwordHash: DUMMY_HASH, createdAt: from });
    newMemberships.push({ id: draws.newId("mb"), userId: id, orgId, role, createdAt: from });
    return id;
  };
  const huangshi = city.regulators.find((r) => r.regionCode === "420200");
  const huangshiInspector =
    city.userIdOf.get("huangshi.inspector") ?? (huangshi ? account("huangshi.inspector", "黄石市巡查员 吴刚", huangshi.id, "inspector") : city.userIdOf.get("ezhou.admin")!);
  city.schools.forEach((s, i) => {
    if (!principalOf.has(s.orgId)) principalOf.set(s.orgId, account(`principal.${s.regionCode}.${i + 1}`, `${s.schoolName}校长 ${draws.pick(SURNAMES)}老师`, s.orgId, "principal"));
  });

  const regionName = new Map<string, string>(DEMO_REGIONS.map((r) => [r.code, r.name]));
  // a school is inspected by its most local regulator with a person: 黄石's for its schools, else the district's or 鄂州's
  const inspectorOf = (regionCode: string): Inspector => {
    if (regionCode.startsWith("4202")) return { userId: huangshiInspector, regulator: huangshi!, prefix: orderNumberPrefix([regionName.get("420200")!]) };
    const userId = city.userIdOf.get(INSPECTOR_OF[regionCode] ?? "ezhou.admin")!;
    const regulatorCode = regionCode === "420702" ? "420700" : regionCode;
    const names = regulatorCode === "420700" ? ["鄂州市"] : ["鄂州市", regionName.get(regionCode)!];
    return { userId, regulator: city.regulators.find((r) => r.regionCode === regulatorCode)!, prefix: orderNumberPrefix(names) };
  };
  const nameOf = new Map([...newUsers.map((u) => [u.id, u.displayName] as const), ...city.nameOf]);
  return { users: newUsers, memberships: newMemberships, principalOf, inspectorOf, nameOf };
}
