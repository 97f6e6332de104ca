import { z } from "zod";
import { ORG_KINDS, ROLES } from "../contracts/enums.ts";
import { Id, IsoTime, RegionCode, line, secret } from "../contracts/common.ts";

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
export const OrgKind = z.enum(ORG_KINDS);

export const LoginRequest = z.strictObject({
  username: line({ min: 1, max: 64 }),
  password: secret({ min: 1, max: 256 }),
});

export const MembershipView = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  orgKind: OrgKind,
  regionCode: RegionCode,
  regionName: z.string(),
  /** the level of the org's region: a region role's jurisdiction is this region and everything below it */
  regionLevel: z.enum(["province", "city", "district"]),
  role: Role,
});
export type MembershipView = z.infer<typeof MembershipView>;

export const Me = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  memberships: z.array(MembershipView),
  permissions: z.array(z.string()),
});
export type Me = z.infer<typeof Me>;

export const LoginResponse = z.object({ token: z.string(), expiresAt: IsoTime, me: Me });
/** `POST /auth/logout-everywhere`: how many sessions ended (this one included) */
export const SessionsEnded = z.object({ ok: z.literal(true), ended: z.number().int() });
