import { can } from "../../stores/session.ts";
import { A, useSearchParams } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { getOverview } from "../../api/overview.ts";
import { settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { CameraTable } from "./CameraTable.tsx";
import { FigureCards } from "./FigureCards.tsx";
import { chinaToday, monthStart } from "./format.ts";
import { OverviewRows } from "./OverviewRows.tsx";
import { RateChart } from "./RateChart.tsx";
import { ReportPanel } from "./ReportPanel.tsx";
import { RiskList } from "./RiskList.tsx";
import { RiskWarnings } from "./RiskWarnings.tsx";

type Params = { region?: string; school?: string; from?: string; to?: string };

/**
 * /overview — 首页驾驶舱 (issue 16): the caller's area (default their own region) for a period (default this month so
 * far): coverage, online rate now and over the period, alerts' disposal, orders, patrol coverage, ledgers,
 * complaints, each a link to its list; the sub-areas below, drilling province → city → district → school; at a
 * school, its cameras and their offline windows; the monthly report.
 */
export function OverviewPage() {
  const [params, setParams] = useSearchParams<Params>();
  const from = () => params.from ?? monthStart(chinaToday());
  const to = () => params.to ?? chinaToday();
  const [data, { refetch }] = createResource(
    () => ({ regionCode: params.region, schoolId: params.school, from: from(), to: to() }),
    (q) => getOverview(q),
  );
  const placeHref = (code: string) => `/overview?region=${code}&from=${from()}&to=${to()}`;
  return (
    <section class="page overview-page" data-testid="overview-page">
      <div class="page-head">
        <h1>{t("overview.title")}</h1>
        <Show when={can("notices.read")}>
          <A href="/notices" class="button-small button-quiet push" data-testid="overview-dispatch">{t("dispatch.fromOverview")}</A>
        </Show>
        <Show when={settled(data)}>
          {(d) => (
            <nav class="overview-trail" aria-label={t("overview.title")} data-testid="overview-trail">
              <For each={d().trail}>
                {(p, i) => (
                  <>
                    {i() > 0 ? <span class="muted"> › </span> : null}
                    {p.level === "school" || i() === d().trail.length - 1 ? <strong data-testid="overview-place" data-level={p.level} data-code={p.code}>{p.name}</strong> : <A href={placeHref(p.code)}>{p.name}</A>}
                  </>
                )}
              </For>
            </nav>
          )}
        </Show>
      </div>
      <div class="toolbar">
        <label class="inline-field">
          {t("overview.from")}
          <input type="date" name="from" value={from()} max={to()} onChange={(e) => setParams({ from: e.currentTarget.value || undefined })} />
        </label>
        <label class="inline-field">
          {t("overview.to")}
          <input type="date" name="to" value={to()} min={from()} max={chinaToday()} onChange={(e) => setParams({ to: e.currentTarget.value || undefined })} />
        </label>
        <Show when={settled(data)}>{(d) => <span class="muted small" data-testid="overview-as-of">{t("overview.asOf", { time: formatTime(d().period.asOf) })}</span>}</Show>
      </div>
      <ErrorBanner error={data.error} />
      <Show when={!data.error && !data.latest}>
        <p class="muted" data-testid="overview-loading">{t("overview.loading")}</p>
      </Show>
      <Show when={settled(data)}>
        {(d) => (
          <div aria-busy={data.loading}>
            <Show when={d().total.coverage.registered > 0} fallback={<p class="empty">{t("overview.empty")}</p>}>
              <FigureCards total={d().total} links={d().links} period={d().period} />
              <Show when={d().rows.length > 0}>
                <RateChart rows={d().rows} />
                <OverviewRows rows={d().rows} schools={d().level === "district"} />
              </Show>
              <Show when={d().school}>
                {(school) => (
                  <p>
                    <A href={`/overview/units/${school().id}`} data-testid="overview-unit-link">{t("overview.unit")}</A>
                  </p>
                )}
              </Show>
              <Show when={d().level === "school"}>
                <CameraTable cameras={d().cameras} title={t("overview.cameras")} />
              </Show>
              <RiskWarnings warnings={d().warnings} onFlagged={() => void refetch()} />
              <RiskList risk={d().risk} />
            </Show>
            <Show when={d().level !== "school"}>
              <ReportPanel regionCode={d().place.code} />
              <p>
                <A href={d().links.coverage!} data-testid="overview-survey-link">{t("overview.survey")}</A>
                {" · "}
                <A href={`/overview/map?region=${d().place.code}`} data-testid="overview-map-link">{t("map.open")}</A>
              </p>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
