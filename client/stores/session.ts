/**
 * The session store: who is signed in, shared by every component (the shell, the nav, every permission check),
 * and the actions that change it. App-wide stores live in client/stores/; state that belongs to one page's live
 * room (the active inspection, the call's orders) is a store created by that page (pages/live/inspectionState.ts,
 * pages/orders/callOrders.ts) and handed to its panels.
 */
import { createSignal } from "solid-js";
import { ApiError, onUnauthorized } from "../api.ts";
import { getMe, login, logout as endSession, logoutEverywhere as endAllSessions } from "../api/accounts.ts";
import type { Me, Membership, Permission } from "../types.ts";

/** undefined: not known yet; null: signed out; Me: signed in. */
const [me, setMe] = createSignal<Me | null | undefined>(undefined);
const [sessionError, setSessionError] = createSignal<unknown>();
export { me, sessionError };

// Any call answered 401 means the session is gone: the shell then sends the user to /login.
onUnauthorized(() => setMe(null));

/** Asks the server who is signed in (the HttpOnly cookie travels with the request). */
export async function loadMe(): Promise<void> {
  setSessionError(undefined);
  try {
    setMe(await getMe());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) setMe(null);
    else setSessionError(error);
  }
}

/** Signs in (the server sets the HttpOnly cookie) and answers who that is; throws ApiError when refused. */
export async function signIn(credentials: Parameters<typeof login>[0]): Promise<Me> {
  const { me: user } = await login(credentials);
  setMe(user);
  return user;
}

/** For tests and for logout: forget the current user (null) or mark it unknown (undefined). */
export const resetSession = (value: Me | null | undefined = undefined) => setMe(value);

export async function logout(): Promise<void> {
  try {
    await endSession();
  } finally {
    setMe(null);
  }
}

/** Ends every session of this user (every device), then forgets the user here. */
export async function logoutEverywhere(): Promise<void> {
  try {
    await endAllSessions();
  } finally {
    setMe(null);
  }
}

export const can = (permission: Permission) => me()?.permissions.includes(permission) ?? false;

export const hasRole = (user: Me | null | undefined, role: Membership["role"]) => user?.memberships.some((m) => m.role === role) ?? false;

/** Regulators and education bureaus work over a region; everyone else belongs to one school or supplier. */
export const isRegionUser = (user: Me) => user.memberships.some((m) => m.orgKind === "regulator" || m.orgKind === "education");

/** Where a user lands after signing in: the schools list for regulators, their canteens for school roles. */
export function homePath(user: Me): string {
  // 首页驾驶舱 (issue 16): a regulator's or education officer's home is the overview of their region
  if (isRegionUser(user) && user.permissions.includes("overview.read")) return "/overview";
  if (isRegionUser(user) && user.permissions.includes("schools.read")) return "/schools";
  // the school's home is its to-do list (issue 13, item 5)
  if (user.permissions.includes("todo.read")) return "/todo";
  // a supplier's manager lands on its deliveries (issue 15)
  if (user.permissions.includes("trace.deliver")) return "/trace";
  return "/canteens";
}

/** The membership shown next to the user's name in the header. */
export const primaryMembership = (user: Me): Membership | undefined => user.memberships[0];
