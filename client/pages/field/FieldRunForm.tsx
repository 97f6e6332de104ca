import { createSignal, For, Show } from "solid-js";
import { ApiError } from "../../api.ts";
import { addFieldPhoto, completeFieldTask, type FieldTaskView } from "../../api/field.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { AreaChecklist, type AreaStatuses } from "../patrol/AreaChecklist.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import { REQUIRED_PATROL_AREAS } from "../../types.ts";

const RESULTS = ["confirmed", "not_confirmed", "rectified"] as const;

/** Where the phone is, if the browser allows it and answers within a few seconds; otherwise no position. */
function position(): Promise<{ latitude: number; longitude: number; accuracy: number } | null> {
  if (typeof navigator === "undefined" || !navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 4000, maximumAge: 60_000 },
    );
  });
}

/** The file's own time when it is recent (the camera just took it), otherwise the moment it was picked. */
const captureTime = (file: File) => (file.lastModified && Date.now() - file.lastModified < 24 * 3600_000 && file.lastModified <= Date.now() ? new Date(file.lastModified) : new Date()).toISOString();

/**
 * On site, on the phone: take photos (the capture time and, where allowed, the position go with each), go through the
 * required areas, and give the result — 属实, 不属实 or 当场整改. The server refuses a result without a photo (409).
 */
export function FieldRunForm(props: { task: FieldTaskView; onChanged: (task: FieldTaskView) => void }) {
  const [statuses, setStatuses] = createSignal<AreaStatuses>({});
  const [result, setResult] = createSignal<(typeof RESULTS)[number] | null>(null);
  const [note, setNote] = createSignal("");
  const [located, setLocated] = createSignal<boolean | null>(null);
  const photoAction = createAction();
  const action = createAction();

  const onPhoto = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    void photoAction.run(async () => {
      const where = await position();
      setLocated(where !== null);
      props.onChanged(await addFieldPhoto(props.task.id, file, { capturedAt: captureTime(file), ...(where ?? {}) }));
      input.value = "";
      // a photo answers the form's "take a photo first"
      action.setError(undefined);
    });
  };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const chosen = statuses();
    const checklist = REQUIRED_PATROL_AREAS.filter((a) => chosen[a]).map((areaKind) => ({ areaKind, status: chosen[areaKind]! }));
    const problem = props.task.photos.length === 0 ? t("field.needPhoto") : !result() ? t("field.needResult") : checklist.length === 0 ? t("field.needChecklist") : !note().trim() ? t("field.needNote") : null;
    void action.run(async () => props.onChanged(await completeFieldTask(props.task.id, { result: result()!, checklist, note: note().trim() })), problem ? new ApiError(0, "validation_failed", problem) : undefined);
  };

  return (
    <form class="card form field-run" data-testid="field-run-form" onSubmit={submit} novalidate>
      <h3>{t("field.onSite")}</h3>
      <Field label={t("field.takePhoto")} hint={located() === false ? t("field.noPosition") : t("field.photoHint")}>
        <input type="file" accept="image/jpeg,image/png" capture="environment" data-testid="field-photo-input" disabled={photoAction.busy()} onChange={(e) => onPhoto(e.currentTarget)} />
      </Field>
      <ErrorBanner error={photoAction.error()} />
      <p class="small" data-testid="field-photo-count">{t("field.photoCount", { n: props.task.photos.length })}</p>
      <h4>{t("inspection.checklist")}</h4>
      <AreaChecklist prefix="field-check" statuses={statuses()} onChange={(area, s) => setStatuses((all) => ({ ...all, [area]: s }))} itemTestId="field-checklist-item" />
      <fieldset>
        <legend>{t("field.result")}</legend>
        <div class="choices" role="radiogroup" aria-label={t("field.result")}>
          <For each={RESULTS}>
            {(r) => (
              <label class="choice">
                <input type="radio" name="field-result" data-testid={`field-result-${r}`} checked={result() === r} onChange={() => setResult(r)} />
                {t(`field.result.${r}`)}
              </label>
            )}
          </For>
        </div>
      </fieldset>
      <Field label={t("field.note")}>
        <textarea data-testid="field-note" rows={3} maxLength={2000} placeholder={t("field.notePlaceholder")} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
      <ErrorBanner error={action.error()} />
      <Show when={result() === "confirmed"}>
        <p class="muted small">{t("field.orderHint")}</p>
      </Show>
      <div class="actions">
        <button type="submit" class="button-primary" data-testid="field-complete" disabled={action.busy() || photoAction.busy()}>
          {t("field.complete")}
        </button>
      </div>
    </form>
  );
}
