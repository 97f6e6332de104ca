import { createSignal, Match, Switch } from "solid-js";
import { ApiError } from "../../api.ts";
import { acceptOrder, acknowledgeOrder, closeOrder, returnOrder, submitOrder } from "../../api/orders.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import { MAX_EVIDENCE_PHOTOS } from "../../../server/orders/contracts.ts";
import type { Order } from "../../types.ts";

/**
 * What this viewer may do with the order now: the school acknowledges an issued order and submits the
 * rectification (description + photos) of an acknowledged one; the regulator accepts or returns (with a
 * reason) a submission, and closes an accepted order. The server enforces the same (403 / 409).
 */
export function OrderActions(props: { order: Order; onChanged: (order: Order) => void }) {
  const action = createAction();
  const [description, setDescription] = createSignal("");
  const [photos, setPhotos] = createSignal<File[]>([]);
  const [note, setNote] = createSignal("");
  const [reason, setReason] = createSignal("");
  const done = (order: Order) => props.onChanged(order);
  let photoInput: HTMLInputElement | undefined;
  /** the form's own check, shown like the server's validation_failed */
  const invalid = (message: string) => new ApiError(0, "validation_failed", message);

  const acknowledge = () => action.run(async () => done(await acknowledgeOrder(props.order.id)));
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const text = description().trim();
    const files = photos();
    const problem = !text || files.length === 0 || files.length > MAX_EVIDENCE_PHOTOS ? invalid(t("order.submitMissing")) : undefined;
    const ok = await action.run(async () => {
      done(await submitOrder(props.order.id, text, files));
    }, problem);
    if (ok) {
      setDescription("");
      setPhotos([]);
      if (photoInput) photoInput.value = "";
    }
  }
  const accept = () => action.run(async () => done(await acceptOrder(props.order.id, note().trim() ? { note: note().trim() } : {})));
  async function giveBack() {
    const text = reason().trim();
    const ok = await action.run(async () => done(await returnOrder(props.order.id, { reason: text })), text ? undefined : invalid(t("order.reasonMissing")));
    if (ok) setReason("");
  }
  const close = () => action.run(async () => done(await closeOrder(props.order.id, note().trim() ? { note: note().trim() } : {})));

  return (
    <Switch>
      <Match when={can("orders.respond") && props.order.status === "issued"}>
        <div class="card order-actions">
          <ErrorBanner error={action.error()} />
          <button type="button" class="button-primary" data-testid="order-acknowledge" disabled={action.busy()} onClick={() => void acknowledge()}>
            {t("order.acknowledge")}
          </button>
        </div>
      </Match>
      <Match when={can("orders.respond") && props.order.status === "acknowledged"}>
        <form class="card form order-actions" data-testid="order-submit-form" onSubmit={submit} novalidate>
          <h3>{t("order.submitTitle")}</h3>
          <ErrorBanner error={action.error()} />
          <Field label={t("order.description")}>
            <textarea data-testid="order-description" rows={3} maxLength={2000} placeholder={t("order.descriptionPlaceholder")} value={description()} onInput={(e) => setDescription(e.currentTarget.value)} />
          </Field>
          <Field label={t("order.photos", { n: MAX_EVIDENCE_PHOTOS })}>
            <input ref={photoInput} type="file" data-testid="order-photos" accept="image/jpeg,image/png" multiple capture="environment" onChange={(e) => setPhotos([...(e.currentTarget.files ?? [])])} />
          </Field>
          <button type="submit" class="button-primary" data-testid="order-submit" disabled={action.busy()}>
            {t("order.submit")}
          </button>
        </form>
      </Match>
      <Match when={can("orders.review") && props.order.status === "submitted"}>
        <div class="card form order-actions" data-testid="order-review-form">
          <h3>{t("order.review")}</h3>
          <ErrorBanner error={action.error()} />
          <Field label={t("order.note")}>
            <textarea data-testid="order-note" rows={2} maxLength={1000} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
          </Field>
          <button type="button" class="button-primary" data-testid="order-accept" disabled={action.busy()} onClick={() => void accept()}>
            {t("order.accept")}
          </button>
          <Field label={t("order.reason")}>
            <textarea data-testid="order-reason" rows={2} maxLength={1000} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
          </Field>
          <button type="button" class="button-danger" data-testid="order-return" disabled={action.busy()} onClick={() => void giveBack()}>
            {t("order.return")}
          </button>
        </div>
      </Match>
      <Match when={can("orders.review") && props.order.status === "accepted"}>
        <div class="card order-actions">
          <ErrorBanner error={action.error()} />
          <button type="button" class="button-primary" data-testid="order-close" disabled={action.busy()} onClick={() => void close()}>
            {t("order.close")}
          </button>
        </div>
      </Match>
    </Switch>
  );
}
