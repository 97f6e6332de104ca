import { createSignal, For, Show } from "solid-js";
import { ApiError } from "../../api.ts";
import { startInspection } from "../../api/inspections.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { inspectionKindLabel, t } from "../../i18n/index.ts";
import type { Inspection } from "../../types.ts";
import { chinaLocalToMs } from "../record/pastTime.ts";

const KINDS = ["live_inspection", "online_patrol"] as const;
/** opened from a spot check's card (网上抽查 of a drawn canteen): that kind first, chosen already */
const SPOT_KINDS = ["spot_check", ...KINDS] as const;
type Kind = (typeof SPOT_KINDS)[number];

/**
 * Starts an online patrol or a live inspection of this canteen (inspections.run); opened from a spot check (网上抽查),
 * a spot-check inspection, whose frozen frames are the check's evidence. With no camera online it
 * asks first (nothing would be seen), and starts when confirmed. Where recordings may be seen, it may be an
 * inspection of a past time (issue 19): recorded as such, and played back from the inspection panel.
 */
export function InspectionStartForm(props: { canteenId: string; camerasOnline?: () => number; mayReview?: boolean; spotCheck?: boolean; onStarted: (inspection: Inspection) => void; onConflict: () => void }) {
  const kinds = (): readonly Kind[] => (props.spotCheck ? SPOT_KINDS : KINDS);
  const [kind, setKind] = createSignal<Kind>(props.spotCheck ? "spot_check" : "live_inspection");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [confirming, setConfirming] = createSignal(false);
  /** a past time to inspect (played back in the room), China time; empty: the present */
  const [past, setPast] = createSignal("");

  function submit(e: SubmitEvent) {
    e.preventDefault();
    if (props.camerasOnline && props.camerasOnline() === 0) setConfirming(true);
    else void start();
  }

  async function start() {
    setConfirming(false);
    setBusy(true);
    setError(undefined);
    try {
      const at = chinaLocalToMs(past());
      props.onStarted(await startInspection({ canteenId: props.canteenId, kind: kind(), ...(Number.isNaN(at) ? {} : { reviewedAt: new Date(at).toISOString() }) }));
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
        <select data-testid="inspection-kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
          <For each={kinds()}>{(k) => <option value={k}>{inspectionKindLabel(k)}</option>}</For>
        </select>
      </Field>
      <Show when={props.mayReview}>
        <Field label={t("record.review.pastTime")}>
          <input type="datetime-local" step="1" data-testid="inspection-past-time" value={past()} onInput={(e) => setPast(e.currentTarget.value)} />
        </Field>
      </Show>
      <Show
        when={confirming()}
        fallback={
          <button type="submit" class="button-primary" data-testid="inspection-start" disabled={busy()}>
            {t("inspection.start")}
          </button>
        }
      >
        <div class="confirm-box" role="alertdialog" aria-labelledby="no-camera-warning" data-testid="inspection-no-camera">
          <p class="warn-text" id="no-camera-warning">
            {t("inspection.noCameraOnline")}
          </p>
          <div class="actions">
            <button type="button" class="button-danger" data-testid="inspection-start-anyway" disabled={busy()} onClick={() => void start()}>
              {t("inspection.startAnyway")}
            </button>
            <button type="button" data-testid="inspection-start-cancel" onClick={() => setConfirming(false)}>
              {t("inspection.cancelStart")}
            </button>
          </div>
        </div>
      </Show>
    </form>
  );
}
