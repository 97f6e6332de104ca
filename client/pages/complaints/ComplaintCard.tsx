import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { answerComplaint, closeComplaint, type ComplaintSummaryView, type ComplaintView, escalateComplaint, getComplaint, returnComplaint } from "../../api/complaints.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import { ComplaintOrderForm } from "./ComplaintOrderForm.tsx";
import { FieldTaskButton } from "../field/FieldTaskButton.tsx";

type Summary = ComplaintSummaryView;

/** One complaint: what was said (escaped: shown as text), the masked phone, the photo, the timeline, and the caller's steps. */
export function ComplaintCard(props: { summary: Summary; onChanged: (next: Summary) => void }) {
  const [open, setOpen] = createSignal(false);
  const [detail, { mutate }] = createResource(() => (open() ? props.summary.id : false), getComplaint);
  const [note, setNote] = createSignal("");
  const action = createAction();
  const c = () => props.summary;
  const mayAnswer = () => can("complaints.respond") && c().status === "open";
  const mayReview = () => can("complaints.review") && c().status === "answered";
  const [ordering, setOrdering] = createSignal(false);
  const mayOrder = () => can("orders.issue") && c().status !== "closed" && !c().order;
  const mayEscalate = () => can("complaints.review") && c().status === "open" && c().overdue && !c().escalated;
  const step = (call: (id: string) => Promise<ComplaintView>) =>
    void action.run(async () => {
      const next = await call(c().id);
      mutate(next);
      setNote("");
      const { photoUrl: _p, events: _e, ...summary } = next;
      props.onChanged(summary);
    });
  return (
    <li class="card" data-testid="complaint-card" data-status={c().status} data-code={c().code}>
      <p>
        <span class={`badge badge-complaint-${c().status}`}>{t(`complaint.status.${c().status}`)}</span>{" "}
        <Show when={c().overdue}><span class="badge badge-offline">{t("complaint.overdue")}</span> </Show>
        <Show when={c().escalated}><span class="badge badge-severity-major">{t("complaint.escalated")}</span> </Show>
        <strong>{t(`complaint.category.${c().category}`)}</strong> · {c().schoolName} · {c().canteenName}
      </p>
      <p class="user-text" data-testid="complaint-card-text">{c().text}</p>
      <p class="muted small">
        {t("complaint.code")}{t("common.colon")}{c().code} · {t("complaint.filedAt")}{t("common.colon")}{formatTime(c().createdAt)} · {t("complaint.deadlineAt")}{t("common.colon")}{formatTime(c().deadlineAt)}
        <Show when={c().phoneMasked}> · {t("complaint.phoneMasked")}{t("common.colon")}<span data-testid="complaint-phone-masked">{c().phoneMasked}</span></Show>
      </p>
      <Show when={c().order}>
        {(o) => (
          <p data-testid="complaint-order">
            <span class={`badge badge-order-${o().status}`}>{t("complaint.ordered")}</span>{" "}
            <A href={`/orders/${encodeURIComponent(o().id)}`} data-testid="complaint-order-link">{o().number}</A> · {t(`order.status.${o().status}`)} · {t("complaint.orderDeadline")}{t("common.colon")}{formatTime(o().deadline)}
          </p>
        )}
      </Show>
      <Show when={c().answer && c().status !== "open"}>
        <p class="user-text"><strong>{t("complaint.answer")}{t("common.colon")}</strong>{c().answer}</p>
      </Show>
      <button type="button" onClick={() => setOpen(!open())} data-testid="complaint-toggle">{t("complaint.timeline")}</button>
      <Show when={open() && detail.latest}>
        {(d) => (
          <div data-testid="complaint-detail">
            <Show when={d().photoUrl}>{(src) => <img src={src()} alt={t("complaint.photoAlt")} style={{ "max-width": "100%", "max-height": "16rem" }} />}</Show>
            <ol class="small">
              <For each={d().events}>
                {(e) => (
                  <li>
                    {formatTime(e.at)} · {t(`complaint.event.${e.type}`)} · {e.actorName ?? t("complaint.system")}
                    <Show when={e.note}><span class="user-text"> — {e.note}</span></Show>
                  </li>
                )}
              </For>
            </ol>
          </div>
        )}
      </Show>
      <Show when={mayOrder()}>
        <Show when={ordering()} fallback={<button type="button" onClick={() => setOrdering(true)} data-testid="complaint-to-order">{t("complaint.toOrder")}</button>}>
          <ComplaintOrderForm complaint={c()} onCancel={() => setOrdering(false)} />
        </Show>
      </Show>
      <Show when={mayAnswer() || mayReview() || mayEscalate()}>
        <form class="public-form" onSubmit={(e) => e.preventDefault()}>
          <textarea rows={2} maxLength={1000} placeholder={t("complaint.note")} value={note()} onInput={(e) => setNote(e.currentTarget.value)} data-testid="complaint-note" />
          <ErrorBanner error={action.error()} />
          <div class="stars">
            <Show when={mayAnswer()}>
              <button type="button" class="button-primary" disabled={!note().trim() || action.busy()} onClick={() => step((id) => answerComplaint(id, { note: note() }))} data-testid="complaint-answer">{t("complaint.answerAction")}</button>
            </Show>
            <Show when={mayReview()}>
              <button type="button" disabled={!note().trim() || action.busy()} onClick={() => step((id) => returnComplaint(id, { note: note() }))} data-testid="complaint-return">{t("complaint.returnAction")}</button>
              <button type="button" disabled={action.busy()} onClick={() => step((id) => closeComplaint(id, note().trim() ? { note: note() } : {}))} data-testid="complaint-close">{t("complaint.closeAction")}</button>
            </Show>
            <Show when={mayEscalate()}>
              <button type="button" disabled={action.busy()} onClick={() => step((id) => escalateComplaint(id, note().trim() ? { note: note() } : {}))} data-testid="complaint-escalate">{t("complaint.escalateAction")}</button>
            </Show>
          </div>
        </form>
      </Show>
      <Show when={can("field.assign") && c().status !== "closed"}>
        <FieldTaskButton source={{ kind: "complaint", id: c().id }} />
      </Show>
    </li>
  );
}
