import { createResource, createSignal, For, Show } from "solid-js";
import { ApiError } from "../../api.ts";
import { createFieldTask, type FieldTaskView, fieldInspectors } from "../../api/field.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import { chinaInputToIso as localInputToIso, toChinaInput as toLocalInput } from "../../i18n/chinaTime.ts";

type Source = { kind: "spot_check" | "alert" | "complaint"; id: string };

const DAY = 24 * 3600_000;

/**
 * 转靶向飞行: send inspectors on site to check what was seen online — who goes (the inspectors whose region covers the
 * canteen, or the spot check's own), by when (three days by default), and what to look for. The online evidence is
 * copied from the source by the server.
 */
export function NewFieldTaskForm(props: { source: Source; onMade: (task: FieldTaskView) => void; onCancel: () => void }) {
  const [people] = createResource(() => fieldInspectors({ sourceKind: props.source.kind, sourceId: props.source.id }).then((r) => r.items));
  const [chosen, setChosen] = createSignal<string[]>([]);
  const [due, setDue] = createSignal(toLocalInput(new Date(Date.now() + 3 * DAY)));
  const [instructions, setInstructions] = createSignal("");
  const action = createAction();
  const toggle = (id: string, on: boolean) => setChosen((all) => (on ? [...all, id] : all.filter((x) => x !== id)));
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const dueAt = localInputToIso(due());
    const problem = chosen().length === 0 ? new ApiError(0, "validation_failed", t("field.pickInspectors")) : !dueAt ? new ApiError(0, "validation_failed", t("field.pickDue")) : undefined;
    void action.run(async () => props.onMade(await createFieldTask({ source: props.source, inspectorIds: chosen(), dueAt: dueAt!, ...(instructions().trim() ? { instructions: instructions().trim() } : {}) })), problem);
  };
  return (
    <form class="card form field-new" data-testid="field-new-form" onSubmit={submit} novalidate>
      <h3>{t("field.new")}</h3>
      <ErrorBanner error={action.error() ?? people.error} />
      <fieldset>
        <legend>{t("field.inspectors")}</legend>
        <Show when={people()} fallback={<p class="muted">{t("common.loading")}</p>}>
          {(list) => (
            <Show when={list().length > 0} fallback={<p class="empty">{t("field.noInspectors")}</p>}>
              <For each={list()}>
                {(p) => (
                  <label class="choice">
                    <input type="checkbox" data-testid="field-inspector" value={p.id} checked={chosen().includes(p.id)} onChange={(e) => toggle(p.id, e.currentTarget.checked)} />
                    {p.displayName} <span class="muted small">{p.orgName}</span>
                  </label>
                )}
              </For>
            </Show>
          )}
        </Show>
      </fieldset>
      <Field label={t("field.dueAt")}>
        <input type="datetime-local" data-testid="field-due" value={due()} onInput={(e) => setDue(e.currentTarget.value)} />
      </Field>
      <Field label={t("field.instructions")}>
        <textarea data-testid="field-instructions" rows={3} maxLength={2000} placeholder={t("field.instructionsPlaceholder")} value={instructions()} onInput={(e) => setInstructions(e.currentTarget.value)} />
      </Field>
      <div class="actions">
        <button type="submit" class="button-primary" data-testid="field-create" disabled={action.busy()}>
          {t("field.create")}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
