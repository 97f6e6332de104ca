import { createSignal, Show } from "solid-js";
import { createAction } from "../../action.ts";
import { updateOrg } from "../../api/orgs.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import type { Org } from "../../types.ts";
import { checkCreditCode, checkName, formProblems, RULES } from "../../validate.ts";
import { SaveCancel } from "../../components/SaveCancel.tsx";
import { parsePosition } from "./position.ts";

/** Edits an organisation's name and 统一社会信用代码 (empty clears it), and a school's position on the map; sends only what changed. */
export function OrgEditForm(props: { org: Org; onSaved: (org: Org) => void; onCancel: () => void }) {
  const [name, setName] = createSignal(props.org.name);
  const [creditCode, setCreditCode] = createSignal(props.org.creditCode ?? "");
  const [lat, setLat] = createSignal(props.org.position ? String(props.org.position.latitude) : "");
  const [lng, setLng] = createSignal(props.org.position ? String(props.org.position.longitude) : "");
  const action = createAction();

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const code = creditCode().trim().toUpperCase();
    const patch: { name?: string; creditCode?: string | null; position?: { latitude: number; longitude: number } | null } = {};
    if (name().trim() !== props.org.name) patch.name = name().trim();
    if ((code || null) !== props.org.creditCode) patch.creditCode = code || null;
    const position = props.org.kind === "school" ? parsePosition(lat(), lng()) : { position: props.org.position };
    const was = props.org.position;
    if ("position" in position && (position.position?.latitude !== was?.latitude || position.position?.longitude !== was?.longitude)) patch.position = position.position;
    return action.run(
      async () => props.onSaved(Object.keys(patch).length ? await updateOrg(props.org.id, patch) : props.org),
      formProblems(["orgs.name", checkName(name())], ["orgs.creditCode", checkCreditCode(code)], ["map.position", "problem" in position ? position.problem : undefined]),
    );
  };

  return (
    <form class="form" data-testid="org-edit-form" onSubmit={submit}>
      <h3>{t("orgs.editTitle")}</h3>
      <ErrorBanner error={action.error()} />
      <div class="form-row">
        <Field label={t("orgs.name")}>
          <input data-testid="org-edit-name" required maxLength={RULES.nameMax} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field label={`${t("orgs.creditCode")} ${t("common.optional")}`} hint={t("orgs.creditCodeHint")}>
          <input data-testid="org-edit-credit-code" maxLength={18} autocapitalize="characters" value={creditCode()} onInput={(e) => setCreditCode(e.currentTarget.value)} />
        </Field>
      </div>
      <Show when={props.org.kind === "school"}>
        <div class="form-row" data-testid="org-edit-position">
          <Field label={`${t("map.latitude")} ${t("common.optional")}`} hint={t("map.positionHint")}>
            <input data-testid="org-edit-latitude" inputmode="decimal" value={lat()} onInput={(e) => setLat(e.currentTarget.value)} />
          </Field>
          <Field label={`${t("map.longitude")} ${t("common.optional")}`}>
            <input data-testid="org-edit-longitude" inputmode="decimal" value={lng()} onInput={(e) => setLng(e.currentTarget.value)} />
          </Field>
        </div>
      </Show>
      <div class="actions">
        <SaveCancel busy={action.busy()} testid="org-edit-save" onCancel={props.onCancel} />
      </div>
    </form>
  );
}
