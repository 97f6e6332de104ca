import { createSignal, For } from "solid-js";
import { createOrg } from "../../api/orgs.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { RegionPicker } from "../../components/RegionPicker.tsx";
import { orgKindLabel, t } from "../../i18n/index.ts";
import { me } from "../../stores/session.ts";
import { type Org, ORG_KINDS, type OrgKind } from "../../types.ts";
import { createAction } from "../../action.ts";

/** Registers an organisation in the admin's region or any region below it (a city, then its district). */
export function OrgForm(props: { onCreated: (org: Org) => void }) {
  const home = () => me()?.memberships.find((m) => m.role === "regulator_admin");

  const [kind, setKind] = createSignal<OrgKind>("school");
  const [name, setName] = createSignal("");
  const [regionCode, setRegionCode] = createSignal("");
  const [creditCode, setCreditCode] = createSignal("");
  const { busy, error, run } = createAction();

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    await run(async () => {
      const org = await createOrg({
        kind: kind(),
        name: name().trim(),
        // none chosen and no home region: sent without one, and the server names the missing field
        regionCode: (regionCode() || home()?.regionCode) as string,
        ...(creditCode().trim() ? { creditCode: creditCode().trim().toUpperCase() } : {}),
      });
      setName("");
      setCreditCode("");
      props.onCreated(org);
    });
  }

  return (
    <form class="card form" data-testid="org-form" onSubmit={submit}>
      <h3>{t("orgs.create")}</h3>
      <ErrorBanner error={error()} />
      <div class="form-row">
        <Field label={t("orgs.kind")}>
          <select data-testid="org-kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value as OrgKind)}>
            <For each={ORG_KINDS}>{(k) => <option value={k}>{orgKindLabel(k)}</option>}</For>
          </select>
        </Field>
        <RegionPicker
          root={home()?.regionCode}
          value={regionCode() || home()?.regionCode || ""}
          onChange={setRegionCode}
          emptyValue={home()?.regionCode ?? ""}
          emptyLabel={t("region.itself", { name: home()?.regionName ?? "" })}
          label={t("orgs.region")}
          testid="org-region"
        />
      </div>
      <Field label={t("orgs.name")}>
        <input data-testid="org-name" required maxLength={100} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <Field label={`${t("orgs.creditCode")} ${t("common.optional")}`}>
        <input data-testid="org-credit-code" maxLength={18} value={creditCode()} onInput={(e) => setCreditCode(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="button-primary" data-testid="org-create" disabled={busy()}>
        {t("common.create")}
      </button>
    </form>
  );
}
