import { createResource, createSignal, For, Show } from "solid-js";
import { getKeptReports, reportUrl } from "../../api/overview.ts";
import { settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { chinaToday } from "./format.ts";

/** the current month and the eleven before it, newest first */
function recentMonths(): string[] {
  const [y, m] = chinaToday().split("-").map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return d.toISOString().slice(0, 7);
  });
}

/** 月度通报: the month's progress and ranking of the region as .xlsx or PDF (the current month provisional). */
export function ReportPanel(props: { regionCode: string }) {
  const months = recentMonths();
  const [month, setMonth] = createSignal(months[0]!);
  const url = (format: "xlsx" | "pdf") => reportUrl({ month: month(), regionCode: props.regionCode, format });
  const [kept] = createResource(() => props.regionCode, (regionCode) => getKeptReports({ regionCode }));
  return (
    <div class="card overview-report" data-testid="overview-report">
      <h2>{t("overview.report")}</h2>
      <div class="toolbar">
        <label class="inline-field">
          {t("overview.month")}
          <select name="reportMonth" value={month()} onChange={(e) => setMonth(e.currentTarget.value)}>
            <For each={months}>{(m) => <option value={m}>{m}</option>}</For>
          </select>
        </label>
        <a class="button" href={url("xlsx")} download="" data-testid="overview-report-xlsx">{t("overview.reportXlsx")}</a>
        <a class="button" href={url("pdf")} target="_blank" rel="noopener" data-testid="overview-report-pdf">{t("overview.reportPdf")}</a>
      </div>
      <h3>{t("overview.kept")}</h3>
      <ErrorBanner error={kept.error} />
      <Show when={settled(kept)} fallback={<Show when={!kept.error}><p class="muted small">{t("overview.loading")}</p></Show>}>
        {(k) => (
          <Show when={k().items.length > 0} fallback={<p class="muted small">{t("overview.keptNone")}</p>}>
            <ul class="card-list small" data-testid="overview-kept">
              <For each={k().items}>
                {(r) => (
                  <li>
                    {t(`overview.edition.${r.edition}`, { month: r.month })} · <span class="muted">{t("overview.generatedAt", { time: formatTime(r.generatedAt) })}</span> ·{" "}
                    <a href={reportUrl({ month: r.month, regionCode: props.regionCode, format: "xlsx", edition: r.edition })} download="">xlsx</a> ·{" "}
                    <a href={reportUrl({ month: r.month, regionCode: props.regionCode, format: "pdf", edition: r.edition })} target="_blank" rel="noopener">PDF</a>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </div>
  );
}
