import { A, useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { listOrders } from "../../api/orders.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { createPagedList } from "../../paged.ts";
import { can } from "../../stores/session.ts";
import { ORDER_STATUSES, type OrderPage, type OrderStatus, type OrderSummary } from "../../types.ts";
import { OrderStatusBadge } from "./OrderStatusBadge.tsx";

/**
 * /orders — 整改通知 in the viewer's scope: a regulator's whole region, a school its own. The API sorts the
 * overdue ones still awaiting the school first, then by deadline; a status filter narrows it.
 */
export function OrdersPage() {
  const [status, setStatus] = createSignal<OrderStatus | "">("");
  // a link may open the list already narrowed (the overview's figures: ?canteenId=…&overdue=true); said on the page
  const [search, setSearch] = useSearchParams<{ canteenId?: string; overdue?: string }>();
  const narrowed = () => ({ canteenId: search.canteenId || undefined, overdue: search.overdue === "true" ? ("true" as const) : undefined });
  const list = createPagedList<OrderSummary, OrderPage>((cursor) => listOrders({ status: status(), ...narrowed(), cursor, limit: 30 }));
  createEffect(on([status, () => search.canteenId, () => search.overdue], () => void list.reload()));

  return (
    <section class="page orders-page" data-testid="orders-page">
      <div class="page-head">
        <h1>{t("order.list")}</h1>
      </div>
      <Show when={can("orders.read")} fallback={<p class="empty">{t("common.noAccess")}</p>}>
        <Show when={narrowed().canteenId || narrowed().overdue}>
          <p class="notice" role="status" data-testid="orders-narrowed">
            {narrowed().overdue ? t("order.onlyOverdue") : t("order.onlyCanteen")}{" "}
            <button type="button" class="button-quiet" data-testid="orders-show-all" onClick={() => setSearch({ canteenId: undefined, overdue: undefined })}>
              {t("order.showAll")}
            </button>
          </p>
        </Show>
        <div class="tabs" role="tablist" aria-label={t("order.status")}>
          <For each={["", ...ORDER_STATUSES] as const}>
            {(s) => (
              <button type="button" role="tab" data-testid={`orders-filter-${s || "all"}`} aria-selected={status() === s} classList={{ active: status() === s }} onClick={() => setStatus(s)}>
                {s ? t(`order.status.${s}`) : t("order.filterAll")}
              </button>
            )}
          </For>
        </div>
        <ErrorBanner error={list.error()} />
        <Show when={list.items().length > 0 || list.loading()} fallback={<p class="empty">{t("order.empty")}</p>}>
          <table class="table table-cards">
            <thead>
              <tr>
                <th>{t("order.number")}</th>
                <th>{t("order.school")}</th>
                <th>{t("order.status")}</th>
                <th>{t("order.deadline")}</th>
                <th>{t("order.issuedBy")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={list.items()}>
                {(o) => (
                  <tr data-testid="order-row" data-order-id={o.id} data-status={o.status} data-overdue={o.overdue ? "true" : "false"}>
                    <td data-label={t("order.number")}>
                      <A href={`/orders/${encodeURIComponent(o.id)}`} data-testid="order-link">
                        {o.number}
                      </A>
                    </td>
                    <td data-label={t("order.school")}>
                      {o.schoolName}
                      <span class="muted small"> · {o.canteenName}</span>
                    </td>
                    <td data-label={t("order.status")}>
                      <OrderStatusBadge order={o} />
                    </td>
                    <td data-label={t("order.deadline")}>{formatTime(o.deadline)}</td>
                    <td data-label={t("order.issuedBy")}>
                      {o.issuedBy.displayName}
                      <span class="muted small"> · {o.issuedBy.orgName}</span>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
        <LoadMore cursor={list.nextCursor()} loading={list.loading()} onLoad={() => void list.loadMore()} />
      </Show>
    </section>
  );
}
