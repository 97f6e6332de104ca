import { createResource, For, Show } from "solid-js";
import { getCadence } from "../../api/patrol.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";

/** 第十三条 seen from the regulator: the schools of the region with missing self-check days or no leader patrol this week. */
export function CadencePanel(props: { regionCode: string }) {
  const [cadence] = createResource(() => props.regionCode, (regionCode) => getCadence({ regionCode }));
  return (
    <section class="card" data-testid="cadence-panel">
      <ErrorBanner error={cadence.error} />
      <Show when={cadence.latest}>
        {(c) => (
          <>
            <h2>{t("cadence.title", { days: c().days })}</h2>
            <Show when={c().withGaps > 0} fallback={<p class="muted">{t("cadence.none")}</p>}>
              <p class="muted small">{t("cadence.summary", { total: c().total, gaps: c().withGaps })}</p>
              <details>
                <summary>{t("cadence.list")} ({c().items.length})</summary>
                <ul class="small">
                  <For each={c().items}>
                    {(i) => (
                      <li data-testid="cadence-gap" data-canteen-id={i.canteenId}>
                        {i.schoolName} · {i.canteenName} · {t("cadence.days", { n: i.selfCheckDays, days: c().days })} · {i.leaderPatrol ? t("cadence.leader") : t("cadence.noLeader")}
                      </li>
                    )}
                  </For>
                </ul>
              </details>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
