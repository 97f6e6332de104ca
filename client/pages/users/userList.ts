import { createSignal } from "solid-js";
import { listUsers, updateUser } from "../../api/accounts.ts";
import { createPagedList } from "../../paged.ts";
import type { User, UserPage } from "../../types.ts";

/** A paged account list plus the disable/enable action both account pages share; replace() puts an edited account back. */
export function createUserList(query: () => Omit<Parameters<typeof listUsers>[0], "cursor">) {
  const list = createPagedList<User, UserPage>((cursor) => listUsers({ ...query(), cursor }));
  const [busyId, setBusyId] = createSignal<string>();
  const [actionError, setActionError] = createSignal<unknown>();

  const replace = (user: User) => list.setItems((items) => items.map((u) => (u.id === user.id ? user : u)));

  async function toggle(user: User) {
    setBusyId(user.id);
    setActionError(undefined);
    try {
      const updated = await updateUser(user.id, { status: user.status === "active" ? "disabled" : "active" });
      replace(updated);
    } catch (err) {
      setActionError(err);
    } finally {
      setBusyId(undefined);
    }
  }

  const prepend = (user: User) => list.setItems((items) => [user, ...items.filter((u) => u.id !== user.id)]);

  return { list, busyId, actionError, toggle, prepend, replace };
}
