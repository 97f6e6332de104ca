import { createSignal, For, Show } from "solid-js";
import { endInspection } from "../../api/inspections.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { areaKindLabel, checklistStatusLabel, t } from "../../i18n/index.ts";
import { type ChecklistItem, type ChecklistStatus, type Inspection, REQUIRED_PATROL_AREAS } from "../../types.ts";

type RequiredArea = (typeof REQUIRED_PATROL_AREAS)[number];
const STATUSES: ChecklistStatus[] = ["ok", "issue", "not_seen"];

/**
 * Ends the inspection: a result for each of the five required areas (seed 000 第二十一条: 食品库房、粗加工制作区、
 * 烹饪区、备餐间、餐用具洗消区), an optional note each, and the outcome. Nothing is sent until all are given.
 */
export function InspectionEndForm(props: { inspection: Pick<Inspection, "id">; onEnded: (inspection: Inspection) => void }) {
  const [statuses, setStatuses] = createSignal<Partial<Record<RequiredArea, ChecklistStatus>>>({});
  const [notes, setNotes] = createSignal<Partial<Record<RequiredArea, string>>>({});
  const [outcome, setOutcome] = createSignal("");
  const [problems, setProblems] = createSignal<string[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();

  function checklist(): ChecklistItem[] | null {
    const chosen = statuses();
    const missing = REQUIRED_PATROL_AREAS.filter((kind) => !chosen[kind]);
    const found: string[] = [];
    if (missing.length) found.push(t("inspection.missingAreas", { areas: missing.map(areaKindLabel).join(t("common.listSeparator")) }));
    if (!outcome().trim()) found.push(t("inspection.missingOutcome"));
    setProblems(found);
    if (found.length) return null;
    return REQUIRED_PATROL_AREAS.map((areaKind) => {
      const note = notes()[areaKind]?.trim();
      return { areaKind, status: chosen[areaKind]!, ...(note ? { note } : {}) };
    });
  }

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const items = checklist();
    if (!items) return;
    setBusy(true);
    setError(undefined);
    try {
      props.onEnded(await endInspection(props.inspection.id, { outcome: outcome().trim(), checklist: items }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form inspection-end" data-testid="inspection-end-form" onSubmit={submit} novalidate>
      <ErrorBanner error={error()} />
      <h4>{t("inspection.checklist")}</h4>
      <For each={REQUIRED_PATROL_AREAS}>
        {(kind) => (
          <fieldset class="checklist-item" data-testid="checklist-item" data-area-kind={kind} data-status={statuses()[kind] ?? ""}>
            <legend>{areaKindLabel(kind)}</legend>
            <div class="choices" role="radiogroup" aria-label={areaKindLabel(kind)}>
              <For each={STATUSES}>
                {(status) => (
                  <label class={`choice choice-${status}`}>
                    <input
                      type="radio"
                      name={`checklist-${props.inspection.id}-${kind}`}
                      value={status}
                      data-testid={`checklist-${kind}-${status}`}
                      checked={statuses()[kind] === status}
                      onChange={() => setStatuses((all) => ({ ...all, [kind]: status }))}
                    />
                    {checklistStatusLabel(status)}
                  </label>
                )}
              </For>
            </div>
            <input
              class="checklist-note"
              data-testid={`checklist-${kind}-note`}
              aria-label={`${areaKindLabel(kind)} ${t("inspection.note")}`}
              placeholder={t("inspection.notePlaceholder")}
              maxLength={500}
              value={notes()[kind] ?? ""}
              onInput={(e) => {
                const value = e.currentTarget.value;
                setNotes((all) => ({ ...all, [kind]: value }));
              }}
            />
          </fieldset>
        )}
      </For>
      <Field label={t("inspection.outcome")}>
        <textarea data-testid="inspection-outcome" rows={3} maxLength={2000} placeholder={t("inspection.outcomePlaceholder")} value={outcome()} onInput={(e) => setOutcome(e.currentTarget.value)} />
      </Field>
      <Show when={problems().length > 0}>
        <ul class="form-problems" role="alert" data-testid="checklist-error">
          <For each={problems()}>{(p) => <li>{p}</li>}</For>
        </ul>
      </Show>
      <button type="submit" class="button-primary" data-testid="inspection-end" disabled={busy()}>
        {t("inspection.end")}
      </button>
    </form>
  );
}
