import { createSignal, For, Show } from "solid-js";
import { evaluateViewing, type ViewingFrameView, type ViewingView } from "../../api/viewing.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { formatTime, type MessageKey, t } from "../../i18n/index.ts";

type Aspect = "hygiene" | "operations" | "food";

/**
 * After the session: hygiene, operations, food (1–5), comments, the problems seen (they go to the school's to-do)
 * and, optionally, one of the frames the parent froze during the session.
 */
export function EvaluationForm(props: { sessionId: string; frames: ViewingFrameView[]; onDone: (s: ViewingView) => void }) {
  const [scores, setScores] = createSignal<Record<Aspect, number>>({ hygiene: 0, operations: 0, food: 0 });
  const [comment, setComment] = createSignal("");
  const [problems, setProblems] = createSignal("");
  const [frameId, setFrameId] = createSignal<string | null>(null);
  const action = createAction();
  const ready = () => Object.values(scores()).every((n) => n > 0);
  return (
    <form
      class="card public-form"
      data-testid="viewing-evaluation"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => props.onDone(await evaluateViewing(props.sessionId, { ...scores(), ...(comment().trim() ? { comment: comment() } : {}), ...(problems().trim() ? { problems: problems() } : {}), ...(frameId() ? { frameId: frameId()! } : {}) })));
      }}
    >
      <h2>{t("viewing.evaluate")}</h2>
      <For each={["hygiene", "operations", "food"] as const}>
        {(aspect) => (
          <div>
            <span class="field-label">{t(`viewing.${aspect}` as MessageKey)}</span>
            <div class="stars" role="group">
              <For each={[1, 2, 3, 4, 5]}>
                {(n) => (
                  <button type="button" aria-pressed={scores()[aspect] >= n ? "true" : "false"} data-testid={`eval-${aspect}-${n}`} onClick={() => setScores({ ...scores(), [aspect]: n })}>
                    ★
                  </button>
                )}
              </For>
            </div>
          </div>
        )}
      </For>
      <Field label={t("viewing.comment")}>
        <textarea rows={2} maxLength={1000} value={comment()} onInput={(e) => setComment(e.currentTarget.value)} />
      </Field>
      <Field label={t("viewing.problems")}>
        <textarea rows={2} maxLength={1000} value={problems()} onInput={(e) => setProblems(e.currentTarget.value)} data-testid="eval-problems" />
      </Field>
      <Show when={props.frames.length}>
        <fieldset class="frame-pick" data-testid="eval-frames">
          <legend class="field-label">{t("viewing.frame")}</legend>
          <label>
            <input type="radio" name="eval-frame" checked={frameId() === null} onChange={() => setFrameId(null)} data-testid="eval-frame-none" />
            {t("viewing.noFrame")}
          </label>
          <For each={props.frames}>
            {(f) => (
              <label>
                <input type="radio" name="eval-frame" checked={frameId() === f.id} onChange={() => setFrameId(f.id)} data-testid="eval-frame" data-frame-id={f.id} />
                <img src={f.imageUrl} alt={t("viewing.frameOf", { camera: f.cameraName, time: formatTime(f.takenAt) })} width={160} loading="lazy" />
              </label>
            )}
          </For>
        </fieldset>
      </Show>
      <ErrorBanner error={action.error()} />
      <button type="submit" class="button-primary" disabled={!ready() || action.busy()} data-testid="eval-submit">{t("viewing.evaluateSubmit")}</button>
    </form>
  );
}
