import { useSearchParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, on, Show } from "solid-js";
import { getInspection } from "../../api/inspections.ts";
import { completeSpotCheck, mySpotChecks } from "../../api/patrol.ts";
import { settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LiveLink } from "../../components/LiveLink.tsx";
import { formatTime, inspectionResultLabel, t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import { FieldTaskButton } from "../field/FieldTaskButton.tsx";

type Check = Awaited<ReturnType<typeof mySpotChecks>>["items"][number];

/**
 * /patrol/spot-checks — the drawn canteens assigned to me (双随机; unannounced: the school never sees them). Run the
 * check from live view, then record 合格 or 发现问题 (an order is issued from the live view's frozen frames). Back
 * from the live view (?check=<id>&inspection=<id>), that card records the result with the spot-check inspection just
 * ended — its result and outcome filled in, its frozen frames the evidence a field task (转靶向飞行) is made with.
 */
export function SpotChecksPage() {
  const [checks, { refetch }] = createResource(mySpotChecks);
  const [params] = useSearchParams<{ check?: string; inspection?: string }>();
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
              <For each={list().items}>{(c) => <CheckCard check={c} inspectionId={c.status === "pending" && params.check === c.id && typeof params.inspection === "string" ? params.inspection : undefined} onDone={() => void refetch()} />}</For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  );
}

function CheckCard(props: { check: Check; inspectionId?: string; onDone: () => void }) {
  const [result, setResult] = createSignal<"satisfactory" | "issues_found">("satisfactory");
  const [note, setNote] = createSignal("");
  const [error, setError] = createSignal<unknown>(null);
  const [busy, setBusy] = createSignal(false);
  // the spot-check inspection this card came back from: its result and outcome, for the inspector to confirm
  const [inspection] = createResource(() => props.inspectionId, getInspection);
  createEffect(
    on(
      () => inspection.state === "ready" && inspection(),
      (ins) => {
        if (!ins || ins.kind !== "spot_check" || ins.canteenId !== props.check.canteenId) return;
        if (ins.result === "issues_found" || ins.result === "satisfactory") setResult(ins.result);
        if (ins.outcome && !note()) setNote(ins.outcome);
      },
    ),
  );
  const linked = () => {
    const ins = inspection.state === "ready" ? inspection() : undefined;
    return ins && ins.kind === "spot_check" && ins.canteenId === props.check.canteenId && ins.status === "ended" ? ins : undefined;
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const ins = linked();
      await completeSpotCheck(props.check.id, { result: result(), ...(note().trim() ? { note: note() } : {}), ...(ins ? { inspectionId: ins.id } : {}) });
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
          <LiveLink href={`/live/${encodeURIComponent(props.check.canteenId)}?spotCheck=${encodeURIComponent(props.check.id)}`} label={t("live.openNamed", { name: props.check.canteenName })} />
        </p>
        <ErrorBanner error={inspection.error} />
        <Show when={linked()}>
          {(ins) => (
            <p class="notice" data-testid="spot-check-linked" data-inspection-id={ins().id}>
              {t("spot.linked", { result: ins().result ? inspectionResultLabel(ins().result!) : "" })}
            </p>
          )}
        </Show>
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
