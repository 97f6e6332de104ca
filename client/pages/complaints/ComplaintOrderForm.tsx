import { useNavigate } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { orderFromComplaint, type ComplaintSummaryView } from "../../api/complaints.ts";
import { listLegalBases } from "../../api/orders.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import { ORDER_SEVERITIES, type OrderSeverity } from "../../types.ts";
import { DEFAULT_DEADLINE_DAYS } from "../orders/deadlines.ts";
import { legalBasisText } from "../orders/legalBasis.ts";

/**
 * 投诉转整改: the district regulator turns a complaint into a rectification order — the problem (the complaint's
 * words to start from), its severity and legal basis; the server numbers and signs it and links it both ways.
 */
export function ComplaintOrderForm(props: { complaint: ComplaintSummaryView; onCancel: () => void }) {
  const navigate = useNavigate();
  const [bases] = createResource(() => listLegalBases().then((p) => p.items));
  const [problem, setProblem] = createSignal(props.complaint.text.slice(0, 500));
  const [severity, setSeverity] = createSignal<OrderSeverity>("major");
  const [basis, setBasis] = createSignal("");
  const action = createAction();
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const order = await orderFromComplaint(props.complaint.id, { items: [{ problem: problem().trim(), severity: severity(), legalBasisId: basis() }] });
      navigate(`/orders/${encodeURIComponent(order.id)}`);
    });
  };
  return (
    <form class="public-form" onSubmit={submit} data-testid="complaint-order-form">
      <Field label={t("order.problem")}>
        <textarea rows={3} maxLength={500} value={problem()} onInput={(e) => setProblem(e.currentTarget.value)} data-testid="complaint-order-problem" />
      </Field>
      <Field label={t("order.severity")} hint={t("order.deadlineDefault", { days: DEFAULT_DEADLINE_DAYS[severity()] })}>
        <select value={severity()} onChange={(e) => setSeverity(e.currentTarget.value as OrderSeverity)} data-testid="complaint-order-severity">
          <For each={ORDER_SEVERITIES}>{(s) => <option value={s}>{t(`order.severity.${s}`)}</option>}</For>
        </select>
      </Field>
      <Field label={t("order.legalBasis")}>
        <select value={basis()} onChange={(e) => setBasis(e.currentTarget.value)} data-testid="complaint-order-basis">
          <option value="">{t("order.pickBasis")}</option>
          <For each={bases() ?? []}>{(b) => <option value={b.id} data-code={b.code} title={b.description}>{legalBasisText({ ...b, law: b.law.replace(/^中华人民共和国/, "") })}</option>}</For>
        </select>
      </Field>
      <ErrorBanner error={action.error() ?? bases.error} />
      <div class="stars">
        <button type="button" onClick={() => props.onCancel()}>{t("common.cancel")}</button>
        <button type="submit" class="button-primary" disabled={!problem().trim() || !basis() || action.busy()} data-testid="complaint-order-send">{t("order.send")}</button>
      </div>
    </form>
  );
}
