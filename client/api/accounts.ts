/** Sessions, users and memberships (server/accounts). Convention: see contract.ts. */
import { api } from "../api.ts";
import type { LoginRequest, LoginResponse, Me, SessionsEnded } from "../../server/accounts/contracts.ts";
import type { CreateMembership, CreateUser, UpdateUser, User, UserPage, UsersQuery } from "../../server/accounts/user-contracts.ts";
import type { Ok } from "../../server/contracts/common.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export const login = (body: Body<typeof LoginRequest>) => api.post<Answer<typeof LoginResponse>>("/auth/login", body);
export const logout = () => api.post<Answer<typeof Ok>>("/auth/logout");
/** ends every session of this user, on every device */
export const logoutEverywhere = () => api.post<Answer<typeof SessionsEnded>>("/auth/logout-everywhere");
export const getMe = () => api.get<Answer<typeof Me>>("/auth/me");

export const listUsers = (query: QueryOf<typeof UsersQuery>) => api.get<Answer<typeof UserPage>>("/users", query);
export const createUser = (body: Body<typeof CreateUser>) => api.post<Answer<typeof User>>("/users", body);
export const updateUser = (id: string, body: Body<typeof UpdateUser>) => api.patch<Answer<typeof User>>(`/users/${seg(id)}`, body);

/** grants a role in an organisation; answers the user with all their memberships */
export const addMembership = (body: Body<typeof CreateMembership>) => api.post<Answer<typeof User>>("/memberships", body);
export const removeMembership = (id: string) => api.delete<Answer<typeof Ok>>(`/memberships/${seg(id)}`);
