import { A, useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { cancelFieldTask, fieldPhotoUrl, type FieldTaskView, getFieldTask, startFieldTask } from "../../api/field.ts";
import { createAction } from "../../action.ts";
import { DeadEnd, isMissing, settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { alertTypeLabel, areaKindLabel, checklistStatusLabel, formatTime, t } from "../../i18n/index.ts";
import type { AlertType } from "../../types.ts";
import { can } from "../../stores/session.ts";
import { IssueOrderDialog } from "../orders/IssueOrderDialog.tsx";
import { FieldRunForm } from "./FieldRunForm.tsx";
import "./field.css";

/**
 * /field/:id — one 靶向飞行 task: what was seen online (the evidence copied from its source), who goes and by when; for
 * an assigned inspector on the phone, 到达现场 then the on-site form; an order issued from the on-site inspection.
 */
export function FieldTaskPage() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const [task, { mutate }] = createResource(() => params.id, getFieldTask);
  const [ordering, setOrdering] = createSignal(false);
  const [cancelNote, setCancelNote] = createSignal("");
  const action = createAction();
  const run = (call: () => Promise<FieldTaskView>) => void action.run(async () => void mutate(await call()));
  return (
    <section class="page field-task-page" data-testid="field-task-page">
      <p class="breadcrumb">
        <A href="/field">← {t("field.back")}</A>
      </p>
      <Show when={!isMissing(task.error)} fallback={<DeadEnd kind="not-found" title="field.missing" message="field.missingText" />}>
        <ErrorBanner error={task.error} />
      </Show>
      <Show when={settled(task)} fallback={<Show when={!task.error}><p class="muted">{t("common.loading")}</p></Show>}>
        {(f) => (
          <>
            <div class="page-head">
              <h1>{f().title}</h1>
              <span class={`badge badge-field-${f().status}`} data-testid="field-status" data-status={f().status}>{t(`field.status.${f().status}`)}</span>
              <Show when={f().overdue}><span class="badge badge-offline">{t("field.overdue")}</span></Show>
            </div>
            <dl class="facts pairs card">
              <dt>{t("field.school")}</dt>
              <dd>{f().schoolName} · {f().canteenName}</dd>
              <dt>{t("field.sourceLabel")}</dt>
              <dd>{t(`field.source.${f().source.kind}`)}</dd>
              <dt>{t("field.dueAt")}</dt>
              <dd>{formatTime(f().dueAt)}</dd>
              <dt>{t("field.inspectors")}</dt>
              <dd>{f().inspectors.map((p) => p.displayName).join(t("common.listSeparator"))}</dd>
              <Show when={f().instructions}>
                <dt>{t("field.instructions")}</dt>
                <dd class="user-text">{f().instructions}</dd>
              </Show>
              <Show when={f().result}>
                <dt>{t("field.result")}</dt>
                <dd data-testid="field-result">{t(`field.result.${f().result!}`)}</dd>
              </Show>
            </dl>
            <ErrorBanner error={action.error()} />
            <h2>{t("field.evidence")}</h2>
            <Show when={f().evidence.length > 0} fallback={<p class="empty">{t("field.noEvidence")}</p>}>
              <ul class="field-evidence" data-testid="field-evidence">
                <For each={f().evidence}>
                  {(e) => (
                    <li class="card small" data-kind={e.kind}>
                      <Show when={e.image}>{(src) => <img src={src()} alt={t(`field.evidence.${e.kind}`)} loading="lazy" />}</Show>
                      <strong>{t(`field.evidence.${e.kind}`)}</strong>
                      <Show when={e.kind === "alert"} fallback={<Show when={e.kind !== "snapshot" && e.label}><span class="user-text"> {e.label}</span></Show>}>
                        <span> {alertTypeLabel(e.label as AlertType)}</span>
                      </Show>
                      <Show when={e.at}> · {formatTime(e.at!)}</Show>
                      <Show when={e.href}>{(href) => <> · <A href={href()}>{t("field.openSource")}</A></>}</Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={f().mine && f().status === "assigned"}>
              <div class="actions field-run">
                <button type="button" class="button-primary" data-testid="field-start" disabled={action.busy()} onClick={() => run(() => startFieldTask(f().id))}>
                  {t("field.start")}
                </button>
              </div>
            </Show>
            <Show when={f().mine && f().status === "on_site"}>
              <FieldRunForm task={f()} onChanged={(next) => mutate(next)} />
            </Show>
            <Show when={f().photos.length > 0}>
              <h2>{t("field.photos")}</h2>
              <ul class="field-photos" data-testid="field-photos">
                <For each={f().photos}>
                  {(p) => (
                    <li class="small" data-testid="field-photo">
                      <img src={fieldPhotoUrl(p.id)} alt={t("field.photoAlt")} loading="lazy" />
                      {formatTime(p.capturedAt)} · {p.takenBy}
                      <Show when={p.latitude !== null && p.longitude !== null} fallback={<span class="muted"> · {t("field.noPositionShort")}</span>}>
                        <span data-testid="field-photo-position"> · {p.latitude!.toFixed(5)}, {p.longitude!.toFixed(5)}{p.accuracy !== null ? ` ±${Math.round(p.accuracy!)} m` : ""}</span>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={f().checklist}>
              {(items) => (
                <>
                <h2>{t("field.checklist")}</h2>
                <ul class="small" data-testid="field-checklist">
                  <For each={items()}>{(c) => <li>{areaKindLabel(c.areaKind)}{t("common.colon")}{checklistStatusLabel(c.status)}{c.note ? ` — ${c.note}` : ""}</li>}</For>
                </ul>
                </>
              )}
            </Show>
            <Show when={f().inspectionId && can("orders.issue") && f().mayIssueOrder && f().status === "done" && f().result !== "not_confirmed"}>
              <div class="actions field-run">
                <button type="button" data-testid="field-issue-order" onClick={() => setOrdering(true)}>{t("field.issueOrder")}</button>
              </div>
            </Show>
            <Show when={f().orders.length > 0}>
              <h2>{t("field.orders")}</h2>
              <ul data-testid="field-orders">
                <For each={f().orders}>{(o) => <li><A href={`/orders/${encodeURIComponent(o.id)}`}>{o.number}</A></li>}</For>
              </ul>
            </Show>
            <Show when={ordering() && f().inspectionId}>
              <IssueOrderDialog inspectionId={f().inspectionId!} canteenId={f().canteenId} preselect={null} onCancel={() => setOrdering(false)} onIssued={(o) => navigate(`/orders/${encodeURIComponent(o.id)}`)} />
            </Show>
            <Show when={can("field.assign") && (f().status === "assigned" || f().status === "on_site")}>
              <details class="card">
                <summary>{t("field.cancel")}</summary>
                <textarea data-testid="field-cancel-note" rows={2} maxLength={1000} placeholder={t("field.cancelPlaceholder")} value={cancelNote()} onInput={(e) => setCancelNote(e.currentTarget.value)} />
                <button type="button" data-testid="field-cancel" disabled={action.busy() || !cancelNote().trim()} onClick={() => run(() => cancelFieldTask(f().id, { note: cancelNote().trim() }))}>{t("field.cancel")}</button>
              </details>
            </Show>
            <h2>{t("field.timeline")}</h2>
            <ol class="small" data-testid="field-timeline">
              <For each={f().timeline}>
                {(e) => (
                  <li>
                    {formatTime(e.at)} · {t(`field.event.${e.type}`)} · {e.actorName ?? ""}
                    <Show when={e.note}><span class="user-text"> — {e.note}</span></Show>
                  </li>
                )}
              </For>
            </ol>
          </>
        )}
      </Show>
    </section>
  );
}
