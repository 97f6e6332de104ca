import { A } from "@solidjs/router";
import { For } from "solid-js";
import type { OverviewRowView } from "../../api/overview.ts";
import { t } from "../../i18n/index.ts";
import { pct, tone } from "./format.ts";

/** One row per sub-region (or school, in a district): its key figures, its name drilling one level down. */
export function OverviewRows(props: { rows: OverviewRowView[]; schools: boolean }) {
  return (
    <section class="overview-rows">
      <h2>{props.schools ? t("overview.rowsSchools") : t("overview.rows")}</h2>
      <table class="table table-cards" data-testid="overview-rows">
        <thead>
          <tr>
            <th>{t("overview.col.name")}</th>
            <th>{t("overview.col.coverage")}</th>
            <th>{t("overview.col.onlineNow")}</th>
            <th>{t("overview.col.onlinePeriod")}</th>
            <th>{t("overview.col.disposal")}</th>
            <th>{t("overview.col.ordersOverdue")}</th>
            <th>{t("overview.col.patrol")}</th>
            <th>{t("overview.col.ledgers")}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(r) => (
              <tr data-testid="overview-row" data-key={r.key} data-percent={r.online.period.percent ?? ""}>
                <td data-label={t("overview.col.name")}>
                  <A href={r.drill} data-testid="overview-drill">{r.name}</A>
                  <span class="muted small"> · {t("overview.schools")} {r.schools}</span>
                </td>
                <td data-label={t("overview.col.coverage")}>{pct(r.coverage.rate)}</td>
                <td data-label={t("overview.col.onlineNow")}>{pct(r.online.now.rate)}</td>
                <td data-label={t("overview.col.onlinePeriod")} class={`rate-${tone(r.online.period.rate)}`}>{pct(r.online.period.rate)}</td>
                <td data-label={t("overview.col.disposal")}>{pct(r.alerts.onTimeRate)}</td>
                <td data-label={t("overview.col.ordersOverdue")}>{r.orders.overdue}</td>
                <td data-label={t("overview.col.patrol")}>{pct(r.patrol.rate)}</td>
                <td data-label={t("overview.col.ledgers")}>{pct(r.ledgers.rate)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}
