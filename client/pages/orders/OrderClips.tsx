import { Show } from "solid-js";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import type { Order } from "../../types.ts";
import { ClipCards, type ClipView, createClipLoader } from "../record/ClipList.tsx";
import { problemsOf } from "../record/clipTargets.ts";
import { OrderItems } from "./OrderItems.tsx";

/**
 * An order's problems with their video evidence (issue 19): a principal reading the order on a phone finds each
 * problem's clips right under the problem — its words, its frames, then the video that shows it, to play and verify —
 * rather than in a list at the end to match up by number. Clips of the whole order follow the problems. One request
 * lists them all (an order's clips include its problems').
 */
export function OrderClips(props: { order: Order }) {
  const loader = createClipLoader(() => ({ targetType: "order", targetId: props.order.id }));
  const itemIds = () => new Set(props.order.items.map((i) => i.id));
  const ofItem = (itemId: string) => (loader.clips() ?? []).filter((c) => problemsOf(c.attachments, new Set([itemId])).length);
  /** attached to the order itself and to none of its problems (one attached to a problem is shown under it) */
  const ofOrder = (): ClipView[] => (loader.clips() ?? []).filter((c) => !problemsOf(c.attachments, itemIds()).length);
  const anyOfItems = () => (loader.clips()?.length ?? 0) > ofOrder().length;
  return (
    <>
      <OrderItems
        items={props.order.items}
        below={(item) => (
          <Show when={ofItem(item.id).length}>
            <div class="order-item-clips clip-list" data-testid="order-item-clips" data-item-id={item.id}>
              <h3>{t("record.clip.itemEvidence")}</h3>
              <ClipCards clips={() => ofItem(item.id)} onChanged={loader.replace} onError={loader.setError} />
            </div>
          </Show>
        )}
      />
      <ErrorBanner error={loader.error()} />
      <Show when={!anyOfItems() || ofOrder().length}>
        <section class="clip-list" data-testid="clip-list">
          <h3>{anyOfItems() ? t("record.clip.orderEvidence") : t("record.clip.evidence")}</h3>
          <Show when={loader.clips()} fallback={<p class="muted">{t("record.clip.loading")}</p>}>
            <Show when={ofOrder().length} fallback={<p class="muted" data-testid="clip-empty">{t("record.clip.none")}</p>}>
              <ClipCards clips={ofOrder} onChanged={loader.replace} onError={loader.setError} />
            </Show>
          </Show>
        </section>
      </Show>
    </>
  );
}
