import { z } from "zod";
import { Id, IsoTime, pageOf, pageQuery, line, secret, patchOf } from "../contracts/common.ts";
import { MembershipView, Role } from "./contracts.ts";

export const Username = z.string().trim().regex(/^[A-Za-z0-9_.-]{3,32}$/, "3–32 letters, digits, _ . -");
/** At least 10 characters, so a parent account is not an easy guess. */
export const Password = secret({ min: 10, max: 128 });

export const User = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  status: z.enum(["active", "disabled"]),
  createdAt: IsoTime,
  memberships: z.array(MembershipView),
});
export type User = z.infer<typeof User>;

export const UsersQuery = z.strictObject({
  orgId: Id.optional(),
  role: Role.optional(),
  ...pageQuery("text", "text"),
});
export const UserPage = pageOf(User);

export const CreateUser = z.strictObject({
  username: Username,
  displayName: line({ min: 1, max: 50 }),
  password: Password,
  orgId: Id,
  role: Role,
});
export const UpdateUser = patchOf({
  displayName: line({ min: 1, max: 50 }).optional(),
  status: z.enum(["active", "disabled"]).optional(),
  password: Password.optional(),
});
export const CreateMembership = z.strictObject({ userId: Id, orgId: Id, role: Role });
