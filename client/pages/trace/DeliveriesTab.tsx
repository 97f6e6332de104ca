import { createResource, For, Show } from "solid-js";
import { listDeliveries } from "../../api/trace.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import { DeliveryCard } from "./DeliveryCard.tsx";

/** A canteen's deliveries, pending first: the staff receive them here (进货查验). */
export function DeliveriesTab(props: { canteenId: string }) {
  const [page, { refetch }] = createResource(() => props.canteenId, (canteenId) => listDeliveries({ canteenId, limit: 50 }));
  const sorted = () => [...(page()?.items ?? [])].sort((a, b) => Number(b.status === "pending") - Number(a.status === "pending"));
  return (
    <>
      <ErrorBanner error={page.error} />
      <Show when={page.loading && !page()}>
        <p class="muted">{t("trace.loading")}</p>
      </Show>
      <Show when={page() && !page()!.items.length}>
        <p class="empty">{t("trace.noDeliveries")}</p>
      </Show>
      <div class="card-list" data-testid="trace-deliveries">
        <For each={sorted()}>{(d) => <DeliveryCard delivery={d} receive={can("trace.receive")} onReceived={() => void refetch()} />}</For>
      </div>
    </>
  );
}
