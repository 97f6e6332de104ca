import { createSignal, For } from "solid-js";
import { createAction } from "../../action.ts";
import { updateCanteen } from "../../api/canteens.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { gradeLabel, t } from "../../i18n/index.ts";
import { type Canteen, type Grade, GRADES } from "../../types.ts";
import { checkLicenseNo, checkName, formProblems, RULES } from "../../validate.ts";
import { SaveCancel } from "../../components/SaveCancel.tsx";

/** Edits a canteen's name, 食品经营许可证号 and 量化等级 (empty clears either); sends only what changed. */
export function CanteenEditForm(props: { canteen: Canteen; onSaved: () => void; onCancel: () => void }) {
  const [name, setName] = createSignal(props.canteen.name);
  const [licenseNo, setLicenseNo] = createSignal(props.canteen.licenseNo ?? "");
  const [grade, setGrade] = createSignal<Grade | "">(props.canteen.grade ?? "");
  const action = createAction();

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const license = licenseNo().trim().toUpperCase();
    const patch: { name?: string; licenseNo?: string | null; grade?: Grade | null } = {};
    if (name().trim() !== props.canteen.name) patch.name = name().trim();
    if ((license || null) !== props.canteen.licenseNo) patch.licenseNo = license || null;
    if ((grade() || null) !== props.canteen.grade) patch.grade = grade() || null;
    return action.run(
      async () => {
        if (Object.keys(patch).length) await updateCanteen(props.canteen.id, patch);
        props.onSaved();
      },
      formProblems(["orgs.canteenName", checkName(name())], ["canteens.license", checkLicenseNo(license)]),
    );
  };

  return (
    <form class="card form" data-testid="canteen-edit-form" onSubmit={submit}>
      <h3>{t("canteens.edit")}</h3>
      <ErrorBanner error={action.error()} />
      <Field label={t("orgs.canteenName")}>
        <input data-testid="canteen-edit-name" required maxLength={RULES.nameMax} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <div class="form-row">
        <Field label={`${t("canteens.license")} ${t("common.optional")}`} hint={t("orgs.licenseHint")}>
          <input data-testid="canteen-edit-license" maxLength={16} autocapitalize="characters" value={licenseNo()} onInput={(e) => setLicenseNo(e.currentTarget.value)} />
        </Field>
        <Field label={t("canteens.grade")}>
          <select data-testid="canteen-edit-grade" value={grade()} onChange={(e) => setGrade(e.currentTarget.value as Grade | "")}>
            <option value="">{t("canteens.noGrade")}</option>
            <For each={GRADES}>{(g) => <option value={g}>{gradeLabel(g)}</option>}</For>
          </select>
        </Field>
      </div>
      <div class="actions">
        <SaveCancel busy={action.busy()} testid="canteen-edit-save" onCancel={props.onCancel} />
      </div>
    </form>
  );
}
