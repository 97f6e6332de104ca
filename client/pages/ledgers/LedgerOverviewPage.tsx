import { createResource, createSignal, For, Show } from "solid-js";
import { ledgerOverview } from "../../api/ledgers.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";

const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

/** /ledgers/overview — a regulator's view: completeness of every canteen in scope, per district and in total, for a period. */
export function LedgerOverviewPage() {
  const [from, setFrom] = createSignal(chinaToday());
  const [to, setTo] = createSignal(chinaToday());
  const [data] = createResource(() => ({ from: from(), to: to() }), (q) => ledgerOverview(q));
  return (
    <section class="page ledger-overview" data-testid="ledger-overview">
      <div class="page-head">
        <h1>{t("ledger.overview")}</h1>
        <Show when={can("checklists.read")}>
          <a href="/ledgers/checklists" class="button-small" data-testid="ledger-checklists-link">{t("nav.checklists")}</a>
        </Show>
        <Show when={data()}>{(d) => <span class="count" data-testid="ledger-overview-total" data-rate={d().total.rate}>{t("ledger.total")} {percent(d().total.rate)} ({d().total.done}/{d().total.due})</span>}</Show>
      </div>
      <div class="toolbar">
        <label class="inline-field">
          {t("ledger.from")}
          <input type="date" value={from()} max={to()} onChange={(e) => setFrom(e.currentTarget.value || chinaToday())} />
        </label>
        <label class="inline-field">
          {t("ledger.to")}
          <input type="date" value={to()} min={from()} onChange={(e) => setTo(e.currentTarget.value || chinaToday())} />
        </label>
      </div>
      <ErrorBanner error={data.error} />
      <Show when={data()}>
        {(d) => (
          <Show when={d().canteens.length > 0} fallback={<p class="empty">{t("ledger.overviewEmpty")}</p>}>
            <table class="table table-cards">
              <thead>
                <tr><th>{t("ledger.district")}</th><th>{t("ledger.rate")}</th><th>{t("ledger.done")}/{t("ledger.due")}</th></tr>
              </thead>
              <tbody>
                <For each={d().districts}>
                  {(r) => (
                    <tr data-testid="ledger-district-row" data-region={r.regionCode}>
                      <td data-label={t("ledger.district")}>{r.regionName}</td>
                      <td data-label={t("ledger.rate")}>{percent(r.rate)}</td>
                      <td data-label={t("ledger.done")}>{r.done}/{r.due}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <table class="table table-cards">
              <thead>
                <tr><th>{t("ledger.school")}</th><th>{t("ledger.rate")}</th><th>{t("ledger.done")}/{t("ledger.due")}</th><th>{t("ledger.flagged")}</th></tr>
              </thead>
              <tbody>
                <For each={d().canteens}>
                  {(c) => (
                    <tr data-testid="ledger-canteen-row" data-canteen-id={c.canteenId} data-rate={c.rate}>
                      <td data-label={t("ledger.school")}>
                        <a href={`/ledgers?canteen=${encodeURIComponent(c.canteenId)}`}>{c.orgName}</a>
                        <span class="muted small"> · {c.canteenName}</span>
                      </td>
                      <td data-label={t("ledger.rate")} classList={{ "online-all": c.rate >= 1, "online-some": c.rate < 1 && c.rate > 0, "online-down": c.rate === 0 }}>{percent(c.rate)}</td>
                      <td data-label={t("ledger.done")}>{c.done}/{c.due}</td>
                      <td data-label={t("ledger.flagged")} classList={{ "online-down": c.flagged > 0 }}>{c.flagged}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Show>
    </section>
  );
}
