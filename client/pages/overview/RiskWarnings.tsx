import { A } from "@solidjs/router";
import { For, onCleanup, Show } from "solid-js";
import { getOpsTokens } from "../../api/alerts.ts";
import type { OverviewView } from "../../api/overview.ts";
import { formatTime, t } from "../../i18n/index.ts";
import { createOpsFeed } from "../../live/opsFeed.ts";
import { can } from "../../stores/session.ts";

/**
 * 红色预警 (issue 16 item 6; seed 004: 各级管理端第一时间处理风险预警，对履职不到位的管理端进行靶向监管): the area's
 * canteens at high risk that their regulators have not acted on yet; those past the deadline are flagged to the
 * level above and listed first. A new flag arrives live on the ops rooms' `risk` topic and reloads the overview.
 */
export function RiskWarnings(props: { warnings: OverviewView["warnings"] | undefined; onFlagged: () => void }) {
  if (can("alerts.read")) {
    const feed = createOpsFeed({ fetchTokens: getOpsTokens, topic: "risk", onData: () => props.onFlagged(), onResync: () => props.onFlagged() });
    onCleanup(() => feed.close());
  }
  const w = () => props.warnings ?? { open: 0, flagged: 0, items: [] };
  return (
    <section class="overview-warnings" data-testid="overview-warnings" data-open={w().open} data-flagged={w().flagged}>
      <h2>{t("overview.warnings")}</h2>
      <Show when={w().open > 0} fallback={<p class="empty">{t("overview.warningsNone")}</p>}>
        <p data-testid="overview-warnings-summary">
          {t("overview.warningsSummary", { open: w().open })}
          <Show when={w().flagged > 0}>
            {" "}
            <strong class="badge badge-risk-high">{t("overview.warningsFlagged", { flagged: w().flagged })}</strong>
          </Show>
        </p>
        <ul class="card-list">
          <For each={w().items}>
            {(item) => (
              <li class="card small" data-testid="overview-warning" data-flagged={item.flaggedAt !== null}>
                <A href={`/canteens/${item.canteenId}`}>{item.canteenName}</A> · {item.districtName} · {t("overview.riskScore", { score: item.score })}
                <div class="muted">
                  {t("overview.warningOpened", { time: formatTime(item.openedAt) })}，{t("overview.warningDue", { time: formatTime(item.dueAt) })}
                </div>
                <Show when={item.flaggedAt}>{(at) => <div class="error-text">{t("overview.warningFlaggedAt", { time: formatTime(at()) })}</div>}</Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={w().open > w().items.length}>
          <p class="muted small">{t("overview.warningsMore", { shown: w().items.length, open: w().open })}</p>
        </Show>
      </Show>
    </section>
  );
}
