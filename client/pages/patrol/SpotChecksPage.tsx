import { createResource, createSignal, For, Show } from "solid-js";
import { completeSpotCheck, mySpotChecks } from "../../api/patrol.ts";
import { settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LiveLink } from "../../components/LiveLink.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import { FieldTaskButton } from "../field/FieldTaskButton.tsx";

type Check = Awaited<ReturnType<typeof mySpotChecks>>["items"][number];

/**
 * /patrol/spot-checks — the drawn canteens assigned to me (双随机; unannounced: the school never sees them). Run the
 * check from live view, then record 合格 or 发现问题 (an order is issued from the live view's frozen frames).
 */
export function SpotChecksPage() {
  const [checks, { refetch }] = createResource(mySpotChecks);
  return (
    <section class="page spot-checks-page" data-testid="spot-checks-page">
      <div class="page-head">
        <h1>{t("spot.list")}</h1>
      </div>
      <ErrorBanner error={checks.error} />
      <Show when={settled(checks)}>
        {(list) => (
          <Show when={list().items.length > 0} fallback={<p class="empty">{t("spot.empty")}</p>}>
            <ul class="cards spot-checks">
              <For each={list().items}>{(c) => <CheckCard check={c} onDone={() => void refetch()} />}</For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  );
}

function CheckCard(props: { check: Check; onDone: () => void }) {
  const [result, setResult] = createSignal<"satisfactory" | "issues_found">("satisfactory");
  const [note, setNote] = createSignal("");
  const [error, setError] = createSignal<unknown>(null);
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await completeSpotCheck(props.check.id, { result: result(), ...(note().trim() ? { note: note() } : {}) });
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class="card spot-check" data-testid="spot-check" data-status={props.check.status} data-canteen-id={props.check.canteenId}>
      <div class="page-head">
        <h2>{props.check.canteenName}</h2>
        <span class={`badge badge-spot-${props.check.status}`}>{t(`spot.status.${props.check.status}`)}</span>
      </div>
      <p class="muted small">
        {t("spot.draw")}
        {props.check.drawName}
      </p>
      <Show
        when={props.check.status === "pending"}
        fallback={
          <>
          <p data-testid="spot-check-result">
            {t("spot.result")}
            <strong>{t(`spot.result.${props.check.result ?? "satisfactory"}`)}</strong>
            <Show when={props.check.completedAt}> · {formatTime(props.check.completedAt!)}</Show>
            <Show when={props.check.note}> · {props.check.note}</Show>
          </p>
          <Show when={props.check.result === "issues_found" && can("field.assign")}>
            <FieldTaskButton source={{ kind: "spot_check", id: props.check.id }} />
          </Show>
          </>
        }
      >
        <p class="actions" data-testid="spot-check-live">
          <LiveLink href={`/live/${encodeURIComponent(props.check.canteenId)}`} label={t("live.openNamed", { name: props.check.canteenName })} />
        </p>
        <p class="muted small">{t("spot.orderHint")}</p>
        <form class="form" onSubmit={submit} data-testid="spot-check-form">
          <div class="tabs" role="radiogroup" aria-label={t("spot.result")}>
            <For each={["satisfactory", "issues_found"] as const}>
              {(r) => (
                <button type="button" role="radio" aria-checked={result() === r} classList={{ active: result() === r }} data-testid={`spot-result-${r}`} onClick={() => setResult(r)}>
                  {t(`spot.result.${r}`)}
                </button>
              )}
            </For>
          </div>
          <label class="field">
            <span class="field-label">{t("spot.note")}</span>
            <textarea data-testid="spot-check-note" value={note()} maxLength={2000} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <ErrorBanner error={error()} />
          <div class="actions">
            <button type="submit" class="button-primary" data-testid="spot-check-submit" disabled={busy()}>
              {t("spot.complete")}
            </button>
          </div>
        </form>
      </Show>
    </li>
  );
}
