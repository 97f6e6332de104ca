import { Show } from "solid-js";
import { alertStatusLabel, alertTypeLabel, formatTime, t } from "../../i18n/index.ts";
import { alertSnapshotUrl } from "../../api/alerts.ts";
import type { Alert } from "../../types.ts";

export const isOverdue = (a: Alert, now = Date.now()) => (a.status === "new" || a.status === "acknowledged") && Date.parse(a.deadlineAt) < now;

export function AlertStatusBadge(props: { alert: Alert }) {
  return (
    <span class={`badge alert-status-${props.alert.status}`} data-testid="alert-status" data-status={props.alert.status}>
      {alertStatusLabel(props.alert.status)}
    </span>
  );
}

/** One row of the inbox: what, where, when, its state and whether the deadline has passed. */
export function AlertCard(props: { alert: Alert; selected: boolean; onSelect: () => void }) {
  const a = () => props.alert;
  return (
    <li>
      <button type="button" class="alert-card card" classList={{ selected: props.selected, fresh: a().status === "new" }} data-testid="alert-card" data-alert-id={a().id} data-status={a().status} onClick={() => props.onSelect()}>
        {/* the frame at a glance, as on an NVR's event list; the panel shows it large with the boxes */}
        <Show when={a().hasSnapshot} fallback={<span class="alert-thumb" />}>
          <img class="alert-thumb" src={alertSnapshotUrl(a().id)} alt="" loading="lazy" data-testid="alert-thumb" />
        </Show>
        <span class="alert-summary">
          <span class="alert-type">{alertTypeLabel(a().type)}</span>
          <AlertStatusBadge alert={a()} />
          <Show when={a().escalatedAt}>
            <span class="badge alert-escalated" data-testid="alert-escalated">{t("alerts.escalated")}</span>
          </Show>
          <Show when={!a().escalatedAt && isOverdue(a())}>
            <span class="badge alert-escalated">{t("alerts.overdue")}</span>
          </Show>
          <Show when={a().fpProposed && a().status !== "false_positive"}>
            <span class="badge alert-fp">{t("alerts.fpProposed")}</span>
          </Show>
          <Show when={a().occurrences > 1}>
            <span class="badge alert-repeat" data-testid="alert-occurrences" title={t("alerts.lastSeen", { time: formatTime(a().lastOccurredAt) })}>
              {t("alerts.occurrences", { n: a().occurrences })}
            </span>
          </Show>
          <span class="alert-where">{`${a().canteenName} · ${a().cameraName ?? t("alerts.fromLedger")}`}</span>
          <time class="muted" datetime={a().occurredAt}>
            {formatTime(a().occurredAt)}
            <Show when={a().occurrences > 1}>{` – ${formatTime(a().lastOccurredAt)}`}</Show>
          </time>
        </span>
      </button>
    </li>
  );
}
