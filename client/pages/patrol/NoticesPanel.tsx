import { createResource, For, onCleanup, Show } from "solid-js";
import { getOpsTokens } from "../../api/alerts.ts";
import { listNotices } from "../../api/patrol.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { createOpsFeed } from "../../live/opsFeed.ts";

/**
 * 落后提醒 — the regulators' to-do of districts behind their patrol plan (this semester's coverage or this month's
 * quota), the latest notice of each district; a new one arrives live on the ops rooms' `patrol` topic.
 */
export function NoticesPanel() {
  const [notices, { refetch }] = createResource(() => listNotices({ limit: 50 }));
  const feed = createOpsFeed({ fetchTokens: getOpsTokens, topic: "patrol", onData: () => void refetch(), onResync: () => void refetch() });
  onCleanup(() => feed.close());
  const latest = () => {
    const seen = new Set<string>();
    return (notices.latest?.items ?? []).filter((n) => !seen.has(n.district) && seen.add(n.district));
  };
  return (
    <section class="card notices" data-testid="patrol-notices">
      <h2>{t("notice.title")}</h2>
      <ErrorBanner error={notices.error} />
      <Show when={notices.latest}>
        <Show when={latest().length > 0} fallback={<p class="muted" data-testid="patrol-notices-empty">{t("notice.none")}</p>}>
          <ul class="small">
            <For each={latest()}>
              {(n) => (
                <li data-testid="patrol-notice" data-district={n.district}>
                  <strong>{n.districtName}</strong> · {n.planName} · {n.day}
                  <Show when={n.coverage.behind}>
                    <div>{t("notice.coverage", { covered: n.coverage.covered, total: n.coverage.total, days: n.coverage.daysLeft })}</div>
                  </Show>
                  <Show when={n.quota?.behind}>
                    <div>{t("notice.quota", { month: n.quota!.month, done: n.quota!.done, expected: n.quota!.expectedByNow, quota: n.quota!.quota })}</div>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </section>
  );
}
