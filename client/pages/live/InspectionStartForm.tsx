import { createSignal, For } from "solid-js";
import { ApiError } from "../../api.ts";
import { startInspection } from "../../api/inspections.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { inspectionKindLabel, t } from "../../i18n/index.ts";
import type { Inspection } from "../../types.ts";

const KINDS = ["live_inspection", "online_patrol"] as const;

/** Starts an online patrol or a live inspection of this canteen (inspections.run). */
export function InspectionStartForm(props: { canteenId: string; onStarted: (inspection: Inspection) => void; onConflict: () => void }) {
  const [kind, setKind] = createSignal<(typeof KINDS)[number]>("live_inspection");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onStarted(await startInspection({ canteenId: props.canteenId, kind: kind() }));
    } catch (err) {
      setError(err);
      // someone else started one meanwhile: show theirs
      if (err instanceof ApiError && err.status === 409) props.onConflict();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form" data-testid="inspection-start-form" onSubmit={submit}>
      <ErrorBanner error={error()} />
      <Field label={t("inspection.kind")}>
        <select data-testid="inspection-kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value as (typeof KINDS)[number])}>
          <For each={KINDS}>{(k) => <option value={k}>{inspectionKindLabel(k)}</option>}</For>
        </select>
      </Field>
      <button type="submit" class="button-primary" data-testid="inspection-start" disabled={busy()}>
        {t("inspection.start")}
      </button>
    </form>
  );
}
