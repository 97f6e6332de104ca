import { type Accessor, createEffect, createResource, createSignal, For, on, type Setter } from "solid-js";
import { listOrgs } from "../../api/orgs.ts";
import { Field } from "../../components/Field.tsx";
import { orgKindLabel, roleLabel, t } from "../../i18n/index.ts";
import type { Role } from "../../types.ts";
import { ADMIN_GRANTABLE } from "./grantable.ts";

export interface OrgRoleDraft {
  orgId: [Accessor<string>, Setter<string>];
  role: [Accessor<Role | "">, Setter<Role | "">];
}

/**
 * An org found by name and a role that org can hold (grantableRoles for the org's kind); the role resets
 * to the first one allowed when the org changes. `testid` prefixes the controls: user-org, membership-org …
 */
export function OrgRolePicker(props: { draft: OrgRoleDraft; testid: string }) {
  const [orgId, setOrgId] = props.draft.orgId;
  const [role, setRole] = props.draft.role;
  const [orgQuery, setOrgQuery] = createSignal("");
  const [orgs] = createResource(() => ({ q: orgQuery() }), ({ q }) => listOrgs({ q, limit: 50 }).then((p) => p.items));

  const org = () => (orgs.latest ?? []).find((o) => o.id === orgId());
  const roles = () => (org() ? ADMIN_GRANTABLE(org()!.kind) : []);
  createEffect(on(roles, (rs) => setRole((r) => (r && rs.includes(r) ? r : (rs[0] ?? "")))));

  return (
    <div class="form-row">
      <Field label={t("users.orgSearch")}>
        <input type="search" data-testid={`${props.testid}-org-search`} maxLength={50} value={orgQuery()} onInput={(e) => setOrgQuery(e.currentTarget.value.trim())} />
      </Field>
      <Field label={t("users.org")}>
        <select data-testid={`${props.testid}-org`} required value={orgId()} onChange={(e) => setOrgId(e.currentTarget.value)}>
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
        <select data-testid={`${props.testid}-role`} required value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          <For each={roles()}>{(r) => <option value={r}>{roleLabel(r)}</option>}</For>
        </select>
      </Field>
    </div>
  );
}
