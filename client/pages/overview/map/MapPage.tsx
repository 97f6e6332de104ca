import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createMemo, createResource, For, Show } from "solid-js";
import { getMapOutlines, getSchoolMap } from "../../../api/overview.ts";
import { settled } from "../../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../../components/ErrorBanner.tsx";
import { formatTime, type MessageKey, t } from "../../../i18n/index.ts";
import { decodeSchools } from "../../../../server/overview/map-codec.ts";
import { MAP_STATES, STATE_COLOURS } from "../../../../server/overview/map-state.ts";
import { stateCounts } from "./clusters.ts";
import { MapView } from "./MapView.tsx";

/**
 * /overview/map — 食安地图 (issue 16 item 7): the schools of the caller's region (or ?region=) as points coloured by
 * state, clustered when zoomed out, over the region outlines (示意 unless the operator configured an official map).
 * A school opens a popup with its state and its 一户一档; never blank — loading, error and empty each say so.
 */
export function MapPage() {
  const [params] = useSearchParams<{ region?: string }>();
  const navigate = useNavigate();
  const query = () => ({ regionCode: params.region });
  const [data, { refetch }] = createResource(query, (q) => Promise.all([getSchoolMap(q), getMapOutlines(q)]));
  const schools = createMemo(() => {
    const d = settled(data);
    return d ? decodeSchools(d[0].schools) : [];
  });
  const counts = createMemo(() => stateCounts(schools()));
  const back = () => (params.region ? `/overview?region=${params.region}` : "/overview");
  // the bench and the e2e read how the first drawing went from the page (no globals)
  const rendered = (el: HTMLElement) => (ms: number, drawn: Array<{ kind: string }>) => {
    el.dataset.renders = String(Number(el.dataset.renders ?? 0) + 1);
    // ms since navigation start when the schools were first drawn (the canvas shows on the next frame)
    el.dataset.firstPaintAt ??= performance.now().toFixed(0);
    el.dataset.renderMs = ms.toFixed(1);
    el.dataset.drawnClusters = String(drawn.filter((d) => d.kind === "cluster").length);
    el.dataset.drawnSchools = String(drawn.filter((d) => d.kind === "school").length);
  };
  let section!: HTMLElement;
  return (
    <section class="page map-page" data-testid="map-page" ref={section}>
      <div class="page-head">
        <h1>{t("map.title")}</h1>
        <Show when={settled(data)}>{(d) => <strong data-testid="map-place" data-code={d()[0].place.code}>{d()[0].place.name}</strong>}</Show>
        <Show when={settled(data)}>{(d) => <span class="muted small">{t("map.schools", { n: d()[0].schools.id.length })} · {formatTime(d()[0].asOf)}</span>}</Show>
        <A class="push" href={back()}>{t("map.back")}</A>
      </div>
      <Show when={data.error}>
        <ErrorBanner error={data.error} />
        <button type="button" data-testid="map-retry" onClick={() => void refetch()}>{t("map.retry")}</button>
      </Show>
      <Show when={!data.error && !data.latest}>
        <p class="muted" data-testid="map-loading">{t("map.loading")}</p>
      </Show>
      <Show when={settled(data)} keyed>
        {(d) => (
          <>
            <ul class="map-legend" data-testid="map-legend" aria-label={t("map.legend")}>
              <For each={MAP_STATES}>
                {(s) => (
                  <li data-state={s}>
                    <span class="map-swatch" style={{ background: STATE_COLOURS[s] }} aria-hidden="true" />
                    {t(`map.state.${s}` as MessageKey)} <span class="muted">{counts()[s]}</span>
                  </li>
                )}
              </For>
            </ul>
            <Show when={d[1].illustrative} fallback={<Show when={d[1].approvalNo}>{(no) => <p class="muted small">{t("map.approval", { no: no() })}</p>}</Show>}>
              <p class="map-note small" data-testid="map-illustrative">{t("map.illustrative")}</p>
            </Show>
            <Show when={schools().length === 0}>
              <p class="empty" data-testid="map-empty">{t("map.empty")}</p>
            </Show>
            <Show when={d[0].unplaced > 0}>
              <p class="muted small" data-testid="map-unplaced">{t("map.unplaced", { n: d[0].unplaced })}</p>
            </Show>
            <MapView schools={schools()} outlines={d[1]} open={(href) => navigate(href)} onRendered={rendered(section)} />
          </>
        )}
      </Show>
    </section>
  );
}
