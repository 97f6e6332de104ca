import { A } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { getLedgerEntry } from "../../api/ledgers.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, type MessageKey, t } from "../../i18n/index.ts";
import { fieldLabel, valueLabel } from "../ledgers/fields.ts";

/**
 * The ledger entry an alert came from (a positive 农残快检, issue 14): what was tested, how, the result, who
 * entered it, and a link to that day's ledger of its kind. Loaded with the panel only for such alerts.
 */
export function LedgerSource(props: { entryId: string; canteenId: string }) {
  const [entry] = createResource(() => props.entryId, getLedgerEntry);
  return (
    <section class="card" data-testid="alert-ledger-source">
      <h3>{t("alerts.ledgerSource")}</h3>
      <ErrorBanner error={entry.error} />
      <Show when={entry()} fallback={<Show when={!entry.error}><p class="muted">{t("common.loading")}</p></Show>}>
        {(e) => (
          <>
            <dl class="facts pairs">
              <dt>{t("alerts.ledgerKind")}</dt>
              <dd>{t(`ledger.kind.${e().kind}` as MessageKey)}</dd>
              <For each={Object.entries(e().data)}>
                {([k, v]) => (
                  <>
                    <dt>{fieldLabel(k)}</dt>
                    <dd>{valueLabel(v, e().derived)}</dd>
                  </>
                )}
              </For>
              <dt>{t("ledger.enteredBy")}</dt>
              <dd>{`${e().enteredBy.name} · ${formatTime(e().eventAt)}`}</dd>
            </dl>
            <A href={`/ledgers?canteen=${encodeURIComponent(props.canteenId)}&kind=${e().kind}`} data-testid="alert-ledger-link">
              {t("alerts.openLedger")}
            </A>
          </>
        )}
      </Show>
    </section>
  );
}

export default LedgerSource;
