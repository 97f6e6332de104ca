import { A, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { commitDraw, getDraw, revealDraw } from "../../api/patrol.ts";
import { settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import { factorText, gradeClass } from "./labels.ts";

type Draw = Awaited<ReturnType<typeof getDraw>>;
const RISK_SHOWN = 30;

/**
 * /patrol/draws/:id — one draw: its commitment, each candidate's risk grade with the factors behind it; the admin
 * publishes the commitment (after which nothing changes), then enters the named public value once to reveal it.
 */
export function DrawPage() {
  const params = useParams<{ id: string }>();
  const [draw, { mutate }] = createResource(() => params.id, getDraw);
  const [error, setError] = createSignal<unknown>(null);
  const [value, setValue] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const act = async (step: () => Promise<Draw>) => {
    setBusy(true);
    setError(null);
    try {
      mutate(await step());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="page draw-page" data-testid="draw-page">
      <ErrorBanner error={draw.error} />
      <Show when={settled(draw)}>
        {(d) => (
          <>
            <div class="page-head">
              <h1>{d().name}</h1>
              <span class={`badge badge-draw-${d().status}`} data-testid="draw-status" data-status={d().status}>
                {t(`draw.status.${d().status}`)}
              </span>
            </div>
            <section class="card">
              <dl class="facts pairs">
                <dt>{t("draw.region")}</dt>
                <dd>{d().regionCode}</dd>
                <dt>{t("draw.method")}</dt>
                <dd>{t(`draw.method.${d().rules.method}`)}</dd>
                <dt>{t("draw.count")}</dt>
                <dd>
                  {d().rules.count} / {d().candidateCount} · {t("draw.inspectors")} {d().inspectorCount}
                </dd>
                <dt>{t("draw.commitment")}</dt>
                <dd>
                  <code class="hash" data-testid="draw-commitment">{d().commitment}</code>
                </dd>
                <dt>{t("draw.secretHash")}</dt>
                <dd>
                  <code class="hash">{d().secretHash}</code>
                </dd>
                <dt>{t("draw.publicValueSource")}</dt>
                <dd>{d().publicValueSource}</dd>
                <Show when={d().publicValue}>
                  <dt>{t("draw.publicValue")}</dt>
                  <dd data-testid="draw-public-value">{d().publicValue}</dd>
                  <dt>{t("draw.seed")}</dt>
                  <dd>
                    <code class="hash">{d().seed}</code>
                  </dd>
                </Show>
                <Show when={d().committedAt}>
                  <dt>{t("draw.status.committed")}</dt>
                  <dd>{formatTime(d().committedAt!)}</dd>
                </Show>
              </dl>
              <ErrorBanner error={error()} />
              <Show when={d().status === "draft" && can("patrol.draw")}>
                <p class="muted small">{t("draw.commitHint")}</p>
                <div class="actions">
                  <button type="button" class="button-primary" data-testid="draw-commit" disabled={busy()} onClick={() => void act(() => commitDraw(d().id))}>
                    {t("draw.commit")}
                  </button>
                </div>
              </Show>
              <Show when={d().status === "committed" && can("patrol.draw")}>
                <form
                  class="form"
                  data-testid="draw-reveal-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void act(() => revealDraw(d().id, { publicValue: value() }));
                  }}
                >
                  <Field label={t("draw.publicValue")} hint={t("draw.revealHint", { source: d().publicValueSource })}>
                    <input data-testid="draw-public-value-input" value={value()} onInput={(e) => setValue(e.currentTarget.value)} required maxLength={100} />
                  </Field>
                  <div class="actions">
                    <button type="submit" class="button-primary" data-testid="draw-reveal" disabled={busy()}>
                      {t("draw.reveal")}
                    </button>
                  </div>
                </form>
              </Show>
              <Show when={d().status !== "draft"}>
                <p class="actions">
                  <A href={`/verify/draw/${encodeURIComponent(d().id)}`} data-testid="draw-verify-link">
                    {t("draw.verifyLink")}
                  </A>
                  <A href={`/public/regions/${d().regionCode}/draws`}>{t("draw.publicLink")}</A>
                </p>
              </Show>
            </section>
            <Show when={d().targets}>
              {(targets) => (
                <section class="card">
                  <h2>{t("draw.targets")}</h2>
                  <table class="table table-cards" data-testid="draw-targets">
                    <tbody>
                      <For each={targets()}>
                        {(tg) => (
                          <tr data-testid="draw-target" data-canteen-id={tg.canteenId}>
                            <td data-label={t("draw.candidates")}>{tg.canteenName}</td>
                            <td data-label={t("draw.grade")}>
                              <span class={gradeClass(tg.grade)}>{t(`draw.grade.${tg.grade}`)}</span>
                            </td>
                            <td data-label={t("draw.assigned")}>{tg.inspectorNames.join("、")}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </section>
              )}
            </Show>
            <section class="card">
              <h2>{t("draw.riskTitle")}</h2>
              <table class="table table-cards" data-testid="draw-risk">
                <thead>
                  <tr>
                    <th>{t("draw.candidates")}</th>
                    <th>{t("draw.grade")}</th>
                    <th>{t("draw.score")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={[...d().risk].sort((a, b) => b.score - a.score).slice(0, RISK_SHOWN)}>
                    {(r) => (
                      <tr data-testid="draw-risk-row">
                        <td data-label={t("draw.candidates")}>{r.canteenName}</td>
                        <td data-label={t("draw.grade")}>
                          <span class={gradeClass(r.grade)}>{t(`draw.grade.${r.grade}`)}</span>
                        </td>
                        <td data-label={t("draw.score")}>
                          <strong>{r.score}</strong>
                          <span class="muted small"> = {r.factors.filter((f) => f.points > 0).map(factorText).join("，") || "0"}</span>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <Show when={d().risk.length > RISK_SHOWN}>
                <p class="muted small">{t("draw.moreCandidates", { n: d().risk.length - RISK_SHOWN })}</p>
              </Show>
            </section>
          </>
        )}
      </Show>
    </section>
  );
}
