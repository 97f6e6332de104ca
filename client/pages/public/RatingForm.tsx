import { createSignal, For, Show } from "solid-js";
import { rateCanteen } from "../../api/complaints.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";

/** 1–5 stars and an optional comment; once sent, a thank-you instead of the form. */
export function RatingForm(props: { slug: string; onRated: () => void }) {
  const [stars, setStars] = createSignal(0);
  const [comment, setComment] = createSignal("");
  const [done, setDone] = createSignal(false);
  const action = createAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void action
      .run(async () => {
        await rateCanteen(props.slug, { stars: stars(), ...(comment().trim() ? { comment: comment() } : {}) });
      })
      .then((ok) => {
        if (ok) {
          setDone(true);
          props.onRated();
        }
      });
  };
  return (
    <Show when={!done()} fallback={<p class="notice" data-testid="rating-thanks">{t("public.rateThanks")}</p>}>
      <form class="public-form" onSubmit={submit} data-testid="rating-form">
        <span class="field-label">{t("public.rate")}</span>
        <div class="stars" role="group" aria-label={t("public.rate")}>
          <For each={[1, 2, 3, 4, 5]}>
            {(n) => (
              <button type="button" aria-pressed={stars() >= n ? "true" : "false"} aria-label={t("public.star", { n })} data-testid={`star-${n}`} onClick={() => setStars(n)}>
                ★
              </button>
            )}
          </For>
        </div>
        <input type="text" maxLength={300} placeholder={t("public.rateComment")} value={comment()} onInput={(e) => setComment(e.currentTarget.value)} />
        <ErrorBanner error={action.error()} />
        <button type="submit" disabled={stars() === 0 || action.busy()} data-testid="rating-submit">
          {t("public.rateSubmit")}
        </button>
      </form>
    </Show>
  );
}
