import { createSignal } from "solid-js";
import { createAction } from "../../action.ts";
import { updateArea } from "../../api/canteens.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import type { Area } from "../../types.ts";
import { checkName, formProblems, RULES } from "../../validate.ts";
import { SaveCancel } from "../../components/SaveCancel.tsx";

/** Renames an area in place (its kind stays). */
export function AreaNameForm(props: { area: Area; onSaved: () => void; onCancel: () => void }) {
  const [name, setName] = createSignal(props.area.name);
  const action = createAction();

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    return action.run(
      async () => {
        if (name().trim() !== props.area.name) await updateArea(props.area.id, { name: name().trim() });
        props.onSaved();
      },
      formProblems(["manage.areaName", checkName(name())]),
    );
  };

  return (
    <form class="area-name-form" data-testid="area-name-form" onSubmit={submit}>
      <ErrorBanner error={action.error()} />
      <div class="form-inline">
        <input data-testid="area-name-input" aria-label={t("manage.areaName")} required maxLength={RULES.nameMax} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        <SaveCancel busy={action.busy()} testid="area-name-save" onCancel={props.onCancel} plain />
      </div>
    </form>
  );
}
