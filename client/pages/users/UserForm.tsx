import { createEffect, createResource, createSignal, For, on, Show } from "solid-js";
import { api } from "../../api.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { orgKindLabel, roleLabel, t } from "../../i18n/index.ts";
import type { OrgPage, Role, User } from "../../types.ts";
import { AccountFields } from "./accountFields.tsx";
import { ADMIN_GRANTABLE } from "./grantable.ts";

/** A regulator admin creates an account with one membership: an org found by name, and a role that org can hold. */
export function UserForm(props: { onCreated: (user: User) => void }) {
  const draft = { username: createSignal(""), displayName: createSignal(""), password: createSignal("") };
  const [orgQuery, setOrgQuery] = createSignal("");
  const [orgs] = createResource(() => ({ q: orgQuery() }), ({ q }) => api.get<OrgPage>("/orgs", { q, limit: 50 }).then((p) => p.items));
  const [orgId, setOrgId] = createSignal("");
  const [role, setRole] = createSignal<Role | "">("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [notice, setNotice] = createSignal("");

  const org = () => (orgs.latest ?? []).find((o) => o.id === orgId());
  const roles = () => (org() ? ADMIN_GRANTABLE(org()!.kind) : []);
  createEffect(on(roles, (rs) => setRole((r) => (r && rs.includes(r as Role) ? r : (rs[0] ?? "")))));

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setNotice("");
    try {
      const user = await api.post<User>("/users", {
        username: draft.username[0]().trim(),
        displayName: draft.displayName[0]().trim(),
        password: draft.password[0](),
        orgId: orgId(),
        role: role(),
      });
      props.onCreated(user);
      setNotice(t("users.created", { username: user.username }));
      draft.username[1]("");
      draft.displayName[1]("");
      draft.password[1]("");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card form" data-testid="user-form" onSubmit={submit}>
      <h3>{t("users.create")}</h3>
      <ErrorBanner error={error()} />
      <Show when={notice()}>
        <p class="notice" role="status">
          {notice()}
        </p>
      </Show>
      <AccountFields draft={draft} />
      <div class="form-row">
        <Field label={t("users.orgSearch")}>
          <input type="search" data-testid="user-org-search" maxLength={50} value={orgQuery()} onInput={(e) => setOrgQuery(e.currentTarget.value.trim())} />
        </Field>
        <Field label={t("users.org")}>
          <select data-testid="user-org" required value={orgId()} onChange={(e) => setOrgId(e.currentTarget.value)}>
            <option value="">{t("users.pickOrg")}</option>
            <For each={orgs.latest ?? []}>
              {(o) => (
                <option value={o.id}>
                  {o.name}（{orgKindLabel(o.kind)}）
                </option>
              )}
            </For>
          </select>
        </Field>
        <Field label={t("users.role")}>
          <select data-testid="user-role" required value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <For each={roles()}>{(r) => <option value={r}>{roleLabel(r)}</option>}</For>
          </select>
        </Field>
      </div>
      <button type="submit" class="button-primary" data-testid="user-create" disabled={busy() || !orgId() || !role()}>
        {t("common.create")}
      </button>
    </form>
  );
}
