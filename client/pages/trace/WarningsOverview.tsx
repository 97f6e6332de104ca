import { createResource, For, Show } from "solid-js";
import { warningsOverview } from "../../api/trace.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { type MessageKey, t } from "../../i18n/index.ts";

const KINDS = ["stock_negative", "expired_batch_used", "supplier_licence_expired", "use_off_plan", "over_delivery"] as const;

/** A regulator's month: the traceability warnings of their jurisdiction per district and kind. */
export function WarningsOverview() {
  const [overview] = createResource(() => warningsOverview({}));
  return (
    <div class="card" data-testid="trace-overview">
      <h2>{t("trace.overviewTitle")}</h2>
      <ErrorBanner error={overview.error} />
      <Show when={overview()}>
        {(o) => (
          <>
            <p>
              {o().month} · {t("trace.overviewTotal", { n: o().total })}
            </p>
            <Show when={o().districts.length} fallback={<p class="empty">{t("trace.noWarnings")}</p>}>
              <table class="table">
                <thead>
                  <tr>
                    <th>{t("trace.region")}</th>
                    <For each={KINDS}>{(k) => <th>{t(`trace.warning.${k}` as MessageKey)}</th>}</For>
                  </tr>
                </thead>
                <tbody>
                  <For each={o().districts}>
                    {(d) => (
                      <tr>
                        <td>{d.regionCode}</td>
                        <For each={KINDS}>{(k) => <td>{d.byKind[k] ?? 0}</td>}</For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
