import { A, useParams } from "@solidjs/router";
import { createResource, Show } from "solid-js";
import { getOrder } from "../../api/orders.ts";
import { DeadEnd, isMissing, settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { OrderActions } from "./OrderActions.tsx";
import { OrderItems } from "./OrderItems.tsx";
import { OrderStatusBadge } from "./OrderStatusBadge.tsx";
import { OrderTimeline } from "./OrderTimeline.tsx";
import { OrderClips } from "./OrderClips.tsx";
import { can } from "../../stores/session.ts";

/** /orders/:id — one 整改通知: its problems and frames, the actions allowed to this viewer, the timeline. */
export function OrderPage() {
  const params = useParams<{ id: string }>();
  const [order, { mutate }] = createResource(
    () => params.id,
    getOrder,
  );
  return (
    <section class="page order-page" data-testid="order-page">
      <p class="breadcrumb">
        <A href="/orders">← {t("order.back")}</A>
      </p>
      <Show when={!isMissing(order.error)} fallback={<DeadEnd kind="not-found" title="deadEnd.order.title" message="deadEnd.order.text" />}>
        <ErrorBanner error={order.error} />
      </Show>
      <Show when={settled(order)} fallback={<Show when={!order.error}><p class="muted">{t("common.loading")}</p></Show>}>
        {(o) => (
          <>
            <div class="page-head">
              <h1 data-testid="order-number">{o().number}</h1>
              <OrderStatusBadge order={o()} />
            </div>
            <dl class="facts pairs card">
              <dt>{t("order.school")}</dt>
              <dd>
                {o().schoolName} · {o().canteenName}
              </dd>
              <dt>{t("order.issuedBy")}</dt>
              <dd>
                {o().issuedBy.displayName} · {o().issuedBy.orgName}
              </dd>
              <dt>{t("order.issuedAt")}</dt>
              <dd>{formatTime(o().issuedAt)}</dd>
              <dt>{t("order.deadline")}</dt>
              <dd data-testid="order-deadline-value">{formatTime(o().deadline)}</dd>
              <Show when={o().complaint}>
                {(c) => (
                  <>
                    <dt>{t("order.source")}</dt>
                    <dd data-testid="order-complaint">
                      <A href={`/complaints?q=${encodeURIComponent(c().code)}`}>{t("order.fromComplaint", { code: c().code })}</A>
                    </dd>
                  </>
                )}
              </Show>
              <Show when={o().remarks}>
                <dt>{t("order.remarks")}</dt>
                <dd>{o().remarks}</dd>
              </Show>
            </dl>
            <OrderActions order={o()} onChanged={(next) => mutate(next)} />
            <h2>{t("order.items")}</h2>
            <Show when={can("recordings.read")} fallback={<OrderItems items={o().items} />}>
              <OrderClips order={o()} />
            </Show>
            <h2>{t("order.timeline")}</h2>
            <OrderTimeline events={o().events} />
            <p>
              <A href={`/orders/${encodeURIComponent(o().id)}/print`} data-testid="order-print-link">
                {t("order.print")}
              </A>
            </p>
          </>
        )}
      </Show>
    </section>
  );
}
