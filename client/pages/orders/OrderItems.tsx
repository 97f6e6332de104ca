import { For, type JSX } from "solid-js";
import { formatTime, t } from "../../i18n/index.ts";
import { AnnotatedSnapshot } from "../../live/annotations/AnnotatedSnapshot.tsx";
import type { OrderItem } from "../../types.ts";
import { legalBasisText } from "./legalBasis.ts";

/**
 * The problems of an order: what, how serious, by which article, until when, and the annotated frames; `below` adds
 * what belongs to one problem under it (the order page: its video evidence).
 */
export function OrderItems(props: { items: OrderItem[]; below?: (item: OrderItem) => JSX.Element }) {
  return (
    <ol class="order-items">
      <For each={props.items}>
        {(item) => (
          <li class="order-item" data-testid="order-item" data-item-id={item.id}>
            <p class="order-problem" data-testid="order-item-problem">
              {item.problem}
              <span class={`badge badge-severity-${item.severity}`}>{t(`order.severity.${item.severity}`)}</span>
            </p>
            <p class="small" data-testid="order-item-basis" title={item.legalBasis.description}>
              {t("order.legalBasis")}{t("common.colon")}{legalBasisText(item.legalBasis)}
            </p>
            <p class="small muted">
              {t("order.deadline")}{t("common.colon")}{formatTime(item.deadline)}
            </p>
            <div class="order-snapshots">
              <For each={item.snapshots}>{(s) => <AnnotatedSnapshot snapshotId={s.id} imageUrl={s.imageUrl} alt={item.problem} />}</For>
            </div>
            {props.below?.(item)}
          </li>
        )}
      </For>
    </ol>
  );
}
