import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { createAction } from "../../action.ts";
import { certificateUrl, type DeliveryView, receiveDelivery } from "../../api/trace.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, type MessageKey, t } from "../../i18n/index.ts";

/** One delivery: its batches with origin and certificate; when pending and `receive`, the 进货查验 form. */
export function DeliveryCard(props: { delivery: DeliveryView; receive?: boolean; onReceived?: () => void }) {
  const d = () => props.delivery;
  const [refused, setRefused] = createSignal<Record<string, string | undefined>>({});
  const action = createAction();
  async function confirm() {
    const ok = await action.run(async () => {
      await receiveDelivery(d().id, { lines: d().lines.map((l) => (refused()[l.id] === undefined ? { lineId: l.id, accepted: true } : { lineId: l.id, accepted: false, reason: refused()[l.id] })) });
    });
    if (ok) props.onReceived?.();
  }
  return (
    <article class="card" data-testid="delivery-card" data-status={d().status}>
      <h3>
        {d().supplier.name} → {d().canteen.name} <span class="badge badge-unknown" data-testid="delivery-status">{t(`trace.status.${d().status}` as MessageKey)}</span>
      </h3>
      <p class="small muted">{formatTime(d().deliveredAt)}</p>
      <ul class="trace-lines">
        <For each={d().lines}>
          {(l) => (
            <li data-testid="delivery-line-view" data-product={l.product} data-status={l.status}>
              <strong>{l.product}</strong> {l.quantity} {l.unit} · {t("trace.batchNo")} {l.batchNo} · {t("trace.productionDate")} {l.productionDate} · {t("trace.expiresOn")} {l.expiresOn}
              <br />
              <span class="small">{t("trace.origin")}: {l.origin}</span> · <a href={certificateUrl(l.id)} target="_blank" rel="noopener">{t("trace.certificate")}</a>
              <Show when={l.status !== "pending"}>
                {" "}· <A href={`/trace/lines/${l.id}`} data-testid="batch-trace-link">{t("trace.recall")}</A>
              </Show>
              <Show when={l.status === "refused"}>
                <span class="badge badge-offline"> {t("trace.refused")}: {l.refuseReason}</span>
              </Show>
              <Show when={props.receive && d().status === "pending"}>
                <div class="inline-field">
                  <label>
                    <input type="checkbox" data-testid="receive-refuse" checked={refused()[l.id] !== undefined} onChange={(e) => setRefused((r) => ({ ...r, [l.id]: e.currentTarget.checked ? "" : undefined }))} />
                    {t("trace.refuse")}
                  </label>
                  <Show when={refused()[l.id] !== undefined}>
                    <input data-testid="receive-reason" placeholder={t("trace.refuseReason")} value={refused()[l.id] ?? ""} onInput={(e) => setRefused((r) => ({ ...r, [l.id]: e.currentTarget.value }))} />
                  </Show>
                </div>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.receive && d().status === "pending"}>
        <ErrorBanner error={action.error()} />
        <button type="button" class="button-primary" data-testid="receive-confirm" disabled={action.busy()} onClick={() => void confirm()}>
          {t("trace.confirmReceipt")}
        </button>
      </Show>
    </article>
  );
}
