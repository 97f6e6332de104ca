import { A, useSearchParams } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { getSurvey } from "../../api/overview.ts";
import { settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { type MessageKey, t } from "../../i18n/index.ts";

const CATEGORIES = ["both", "platform_only", "video_only", "neither"] as const;

/** /overview/survey — 摸底 (seed 002): canteens in four categories per region, and the units still to connect. */
export function SurveyPage() {
  const [params] = useSearchParams<{ region?: string }>();
  const [data] = createResource(() => ({ regionCode: params.region }), (q) => getSurvey(q));
  return (
    <section class="page survey-page" data-testid="survey-page">
      <div class="page-head">
        <h1>{t("overview.surveyTitle")}</h1>
        <Show when={settled(data)}>{(d) => <strong>{d().place.name}</strong>}</Show>
        <A class="push" href={params.region ? `/overview?region=${params.region}` : "/overview"}>{t("overview.back")}</A>
      </div>
      <ErrorBanner error={data.error} />
      <Show when={!data.error && !data.latest}><p class="muted">{t("overview.loading")}</p></Show>
      <Show when={settled(data)}>
        {(d) => (
          <>
            <table class="table table-cards" data-testid="survey-rows">
              <thead>
                <tr>
                  <th>{t("overview.survey.region")}</th>
                  <For each={CATEGORIES}>{(c) => <th>{t(`overview.survey.${c}` as MessageKey)}</th>}</For>
                  <th>{t("overview.survey.total")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={[...d().rows, { code: "total", name: t("overview.survey.total"), ...d().total }]}>
                  {(r) => (
                    <tr data-testid="survey-row" data-code={r.code}>
                      <td data-label={t("overview.survey.region")}>{r.name}</td>
                      <For each={CATEGORIES}>{(c) => <td data-label={t(`overview.survey.${c}` as MessageKey)} data-category={c}>{r[c]}</td>}</For>
                      <td data-label={t("overview.survey.total")}>{r.total}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <h2>{t("overview.survey.toConnect", { n: d().toConnectTotal })}</h2>
            <Show when={d().toConnect.length > 0} fallback={<p class="empty">{t("overview.survey.allConnected")}</p>}>
              <ul class="card-list" data-testid="survey-to-connect">
                <For each={d().toConnect}>
                  {(u) => (
                    <li class="card" data-category={u.category}>
                      <A href={`/canteens/${u.canteenId}`}>{u.orgName}</A>
                      <span class="muted small"> · {u.canteenName} · {u.regionName}</span>
                      <div class="small">{t(`overview.survey.${u.category}` as MessageKey)}</div>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
