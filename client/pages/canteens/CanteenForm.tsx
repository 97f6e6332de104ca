import { createSignal, For } from "solid-js";
import { createCanteen } from "../../api/canteens.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { gradeLabel, t } from "../../i18n/index.ts";
import { type CanteenDetail, type Grade, GRADES } from "../../types.ts";
import { createAction } from "../../action.ts";

/** Registers a canteen for a school or supplier; the server adds the five required patrol areas. */
export function CanteenForm(props: { orgId: string; orgName: string; onCreated: (canteen: CanteenDetail) => void; onCancel?: () => void }) {
  const [name, setName] = createSignal(t("orgs.canteenDefaultName", { name: props.orgName }));
  const [licenseNo, setLicenseNo] = createSignal("");
  const [grade, setGrade] = createSignal<Grade | "">("");
  const { busy, error, run } = createAction();

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const chosenGrade = grade();
    await run(async () => {
      const canteen = await createCanteen({
        orgId: props.orgId,
        name: name().trim(),
        ...(licenseNo().trim() ? { licenseNo: licenseNo().trim() } : {}),
        ...(chosenGrade ? { grade: chosenGrade } : {}),
      });
      props.onCreated(canteen);
    });
  }

  return (
    <form class="card form" data-testid="canteen-form" onSubmit={submit}>
      <h3>
        {t("orgs.addCanteen")} · {props.orgName}
      </h3>
      <ErrorBanner error={error()} />
      <Field label={t("orgs.canteenName")}>
        <input data-testid="canteen-name-input" required maxLength={100} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <div class="form-row">
        <Field label={`${t("canteens.license")} ${t("common.optional")}`} hint={t("orgs.licenseHint")}>
          <input data-testid="canteen-license" pattern="JY[0-9]{14}" maxLength={16} value={licenseNo()} onInput={(e) => setLicenseNo(e.currentTarget.value)} />
        </Field>
        <Field label={`${t("canteens.grade")} ${t("common.optional")}`}>
          <select value={grade()} onChange={(e) => setGrade(e.currentTarget.value as Grade | "")}>
            <option value="">—</option>
            <For each={GRADES}>{(g) => <option value={g}>{gradeLabel(g)}</option>}</For>
          </select>
        </Field>
      </div>
      <div class="actions">
        <button type="submit" class="button-primary" data-testid="canteen-create" disabled={busy()}>
          {t("common.create")}
        </button>
        {props.onCancel && (
          <button type="button" onClick={() => props.onCancel?.()}>
            {t("common.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
