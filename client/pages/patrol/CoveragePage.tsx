import { createResource, createSignal, For, Show } from "solid-js";
import { getCoverage } from "../../api/patrol.ts";
import { settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { formatDay } from "./labels.ts";
import { me } from "../../stores/session.ts";
import { NoticesPanel } from "./NoticesPanel.tsx";
import { CadencePanel } from "./CadencePanel.tsx";

/**
 * /patrol/coverage — every school in the region patrolled at least once this semester (seed 000 第二十条): per
 * district, how many are covered, which are not yet, the days left, and whether the district is behind.
 */
export function CoveragePage() {
  const regions = () => (me()?.memberships ?? []).filter((m) => m.orgKind === "regulator" || m.orgKind === "education");
  const [region, setRegion] = createSignal(regions()[0]?.regionCode ?? "");
  const [coverage] = createResource(region, (regionCode) => getCoverage({ regionCode }));
  return (
    <section class="page coverage-page" data-testid="coverage-page">
      <div class="page-head">
        <h1>{t("coverage.title")}</h1>
        <Show when={regions().length > 1}>
          <select aria-label={t("coverage.region")} value={region()} onChange={(e) => setRegion(e.currentTarget.value)}>
            <For each={regions()}>{(m) => <option value={m.regionCode}>{m.regionName}</option>}</For>
          </select>
        </Show>
      </div>
      <NoticesPanel />
      <ErrorBanner error={coverage.error} />
      <Show when={settled(coverage)}>
        {(c) => (
          <>
            <p class="muted">{t("coverage.period", { from: formatDay(c().from), to: formatDay(c().to, true) })}</p>
            <Show when={c().districts.length > 0} fallback={<p class="empty">{t("coverage.empty")}</p>}>
              <ul class="cards coverage">
                <For each={c().districts}>
                  {(d) => (
                    <li class="card" data-testid="coverage-district" data-district={d.district} data-covered={d.covered} data-total={d.total}>
                      <div class="page-head">
                        <h2>{d.districtName}</h2>
                        <span class={d.behind ? "badge badge-offline" : "badge badge-online"}>{d.behind ? t("coverage.behind") : t("coverage.onTrack")}</span>
                      </div>
                      <div class="meter" role="meter" aria-valuemin={0} aria-valuemax={d.total} aria-valuenow={d.covered} aria-label={t("coverage.covered")}>
                        <span style={{ width: `${d.permille / 10}%` }} />
                      </div>
                      <p>
                        {t("coverage.progress", { covered: d.covered, total: d.total })} · {t("coverage.daysLeft", { n: d.daysLeft })}
                      </p>
                      <Show when={d.covered < d.total} fallback={<p class="muted small">{t("coverage.allCovered")}</p>}>
                        <details>
                          <summary>
                            {t("coverage.uncovered")} ({d.total - d.covered})
                          </summary>
                          <ul class="small">
                            <For each={d.uncovered}>{(u) => <li>{u.canteenName}</li>}</For>
                          </ul>
                        </details>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <CadencePanel regionCode={region()} />
          </>
        )}
      </Show>
    </section>
  );
}
