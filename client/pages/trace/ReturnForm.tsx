import { createSignal } from "solid-js";
import { createAction } from "../../action.ts";
import { createMove } from "../../api/trace.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";

/**
 * 退货: part or all of one batch goes back to its supplier with a reason — a `returned` stock move (the server
 * refuses more than is on hand). Inline under the lot, so it works with one thumb on a phone.
 */
export function ReturnForm(props: { canteenId: string; lineId: string; onHand: number; unit: string; onDone: () => void; onCancel: () => void }) {
  const [quantity, setQuantity] = createSignal(String(props.onHand));
  const [reason, setReason] = createSignal("");
  const action = createAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await action.run(async () => void (await createMove(props.canteenId, { kind: "returned", lineId: props.lineId, quantity: Number(quantity()), reason: reason().trim() })));
    if (ok) props.onDone();
  };
  return (
    <form class="card public-form" data-testid="return-form" onSubmit={(e) => void submit(e)}>
      <Field label={`${t("trace.return.quantity")} (${props.unit})`}>
        <input type="number" name="returnQuantity" inputmode="decimal" min="0.001" step="0.001" max={props.onHand} value={quantity()} onInput={(e) => setQuantity(e.currentTarget.value)} required />
      </Field>
      <Field label={t("trace.return.reason")}>
        <input type="text" name="returnReason" maxLength={500} placeholder={t("trace.return.placeholder")} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} required />
      </Field>
      <ErrorBanner error={action.error()} />
      <div class="row">
        <button type="submit" class="button-primary" data-testid="return-submit" disabled={action.busy() || !reason().trim() || !(Number(quantity()) > 0)}>{t("trace.return.confirm")}</button>{" "}
        <button type="button" onClick={() => props.onCancel()}>{t("trace.return.cancel")}</button>
      </div>
    </form>
  );
}
