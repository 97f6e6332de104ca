import { createSignal, Show } from "solid-js";
import { ApiError } from "../../api.ts";
import { alertStep, type AlertStep, type AlertSteps } from "../../api/alerts.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { type MessageKey, t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import type { AlertDetail } from "../../types.ts";
import { photoAsBase64 } from "./photo.ts";

/** A mistake caught before the round trip, shown like the server's own answer. */
const localProblem = (key: MessageKey) => new ApiError(0, "validation_failed", t(key));

/**
 * The steps this user may take now: the school acknowledges, disposes of it (what was done and a photo) or
 * proposes a false positive; the regulator verifies or returns a disposal, and marks (confirms) a false
 * positive or rejects the school's proposal. Returning and rejecting need the reason, for the school.
 */
export function AlertActions(props: { alert: AlertDetail; onChanged: (a: AlertDetail) => void }) {
  const action = createAction();
  const [note, setNote] = createSignal("");
  const [photo, setPhoto] = createSignal<File>();
  const a = () => props.alert;
  const school = () => can("alerts.dispose");
  const regulator = () => can("alerts.verify");
  const open = () => a().status === "new" || a().status === "acknowledged";

  const post = <S extends AlertStep>(step: S, body: AlertSteps[S]) =>
    action.run(async () => {
      props.onChanged(await alertStep(a().id, step, body));
      setNote("");
      setPhoto(undefined);
    });
  const withNote = () => (note().trim() ? { note: note().trim() } : {});
  /** steps that need a note: refused here, before the round trip, when it is empty */
  const postWithNote = (step: "propose-false-positive" | "return" | "reject-false-positive", missing: MessageKey) =>
    note().trim() ? post(step, { note: note().trim() }) : action.run(async () => {}, localProblem(missing));

  async function dispose(e: Event) {
    e.preventDefault();
    const file = photo();
    const problem = !note().trim() ? localProblem("alerts.needNote") : !file ? localProblem("alerts.needPhoto") : undefined;
    if (problem) return action.run(async () => {}, problem);
    await post("dispose", { note: note().trim(), photoBase64: await photoAsBase64(file!) });
  }

  return (
    <div class="alert-actions" data-testid="alert-actions">
      <Show when={(school() && (open() || false)) || (regulator() && a().status !== "verified" && a().status !== "false_positive")}>
        <label class="field">
          <span>{school() ? t("alerts.note") : t("alerts.reviewNote")}</span>
          <textarea
            rows={2}
            value={note()}
            onInput={(e) => setNote(e.currentTarget.value)}
            data-testid="alert-note"
            placeholder={school() ? t("alerts.notePlaceholder") : t("alerts.reviewNotePlaceholder")}
          />
        </label>
      </Show>
      <Show when={school() && a().status === "new"}>
        <button type="button" disabled={action.busy()} data-testid="alert-acknowledge" onClick={() => post("acknowledge", withNote())}>
          {t("alerts.acknowledge")}
        </button>
      </Show>
      <Show when={school() && a().status === "acknowledged"}>
        <form class="dispose-form" onSubmit={dispose}>
          <label class="field">
            <span>{t("alerts.photo")}</span>
            <input type="file" accept="image/jpeg,image/png" capture="environment" data-testid="alert-photo" onChange={(e) => setPhoto(e.currentTarget.files?.[0])} />
          </label>
          <button type="submit" class="button-primary" disabled={action.busy()} data-testid="alert-dispose">
            {t("alerts.dispose")}
          </button>
        </form>
      </Show>
      <Show when={school() && open() && !a().fpProposed}>
        <button type="button" disabled={action.busy()} data-testid="alert-propose-fp" onClick={() => postWithNote("propose-false-positive", "alerts.needNote")}>
          {t("alerts.proposeFp")}
        </button>
      </Show>
      <Show when={regulator() && a().status === "disposed"}>
        <button type="button" class="button-primary" disabled={action.busy()} data-testid="alert-verify" onClick={() => post("verify", withNote())}>
          {t("alerts.verify")}
        </button>
        <button type="button" disabled={action.busy()} data-testid="alert-return" onClick={() => postWithNote("return", "alerts.needReason")}>
          {t("alerts.return")}
        </button>
      </Show>
      <Show when={regulator() && (open() || a().status === "disposed")}>
        <button type="button" disabled={action.busy()} data-testid="alert-mark-fp" onClick={() => post("false-positive", withNote())}>
          {a().fpProposed ? t("alerts.confirmFp") : t("alerts.markFp")}
        </button>
      </Show>
      <Show when={regulator() && open() && a().fpProposed}>
        <button type="button" disabled={action.busy()} data-testid="alert-reject-fp" onClick={() => postWithNote("reject-false-positive", "alerts.needReason")}>
          {t("alerts.rejectFp")}
        </button>
      </Show>
      <ErrorBanner error={action.error()} />
    </div>
  );
}
