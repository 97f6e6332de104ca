import { A } from "@solidjs/router";
import { createEffect, createSignal, For, lazy, on, onMount, Show } from "solid-js";
import { alertEventPhotoUrl, getAlert } from "../../api/alerts.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { alertActionLabel, alertTypeLabel, formatTime, t } from "../../i18n/index.ts";
import type { Alert, AlertDetail } from "../../types.ts";
import { AlertActions } from "./AlertActions.tsx";
import { AlertStatusBadge } from "./AlertCard.tsx";
import { Snapshot } from "./Snapshot.tsx";
import { ClipList } from "../record/ClipList.tsx";
import { can } from "../../stores/session.ts";

/** the ledger's field labels come with the ledger kinds' schemas: loaded only for an alert a ledger raised */
const LedgerSource = lazy(() => import("./LedgerSource.tsx"));

/** One alert in full: snapshot with boxes, facts, deadline, false-positive rate, history, and the actions. */
export function AlertPanel(props: { alert: Alert; onChanged: (a: Alert) => void; onClose: () => void }) {
  const [detail, setDetail] = createSignal<AlertDetail>();
  const [error, setError] = createSignal<unknown>();
  // reload when another alert is opened or this one changed (a push carries a new updatedAt)
  createEffect(
    on([() => props.alert.id, () => props.alert.updatedAt], async ([id]) => {
      setError(undefined);
      try {
        const d = await getAlert(id);
        if (d.id === props.alert.id) setDetail(d);
      } catch (e) {
        setError(e);
      }
    }),
  );
  const a = () => (detail()?.id === props.alert.id ? detail()! : undefined);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  let panel: HTMLElement | undefined;
  // on a phone the panel sits above the list: bring it into view when an alert is opened
  onMount(() => {
    if (globalThis.matchMedia?.("(max-width: 959px)").matches) panel?.scrollIntoView?.({ block: "start", behavior: "smooth" });
  });

  return (
    <aside ref={panel} class="alert-panel card" data-testid="alert-panel" data-alert-id={props.alert.id}>
      <div class="page-head">
        <h2>{alertTypeLabel(props.alert.type)}</h2>
        <AlertStatusBadge alert={props.alert} />
        <button type="button" class="button-quiet push" onClick={() => props.onClose()}>
          {t("alerts.close")}
        </button>
      </div>
      <Show when={props.alert.ledgerEntryId} fallback={<Snapshot alert={props.alert} />}>
        {(entryId) => <LedgerSource entryId={entryId()} canteenId={props.alert.canteenId} />}
      </Show>
      <Show when={can("recordings.read") && props.alert.cameraId}>
        <ClipList query={{ targetType: "alert", targetId: props.alert.id }} title={t("record.clip.evidence")} />
      </Show>
      <dl class="facts pairs">
        <dt>{t("alerts.where")}</dt>
        <dd>{[props.alert.orgName, props.alert.canteenName, props.alert.cameraName].filter(Boolean).join(" · ")}</dd>
        <dt>{props.alert.ledgerEntryId ? t("alerts.recordedAt") : t("alerts.occurredAt")}</dt>
        <dd>{formatTime(props.alert.occurredAt)}</dd>
        <Show when={props.alert.occurrences > 1}>
          <dt>{t("alerts.repeats")}</dt>
          <dd data-testid="alert-repeats">{t("alerts.repeatsValue", { n: props.alert.occurrences, time: formatTime(props.alert.lastOccurredAt) })}</dd>
        </Show>
        <Show when={props.alert.cameraId}>
          <dt>{t("alerts.confidence")}</dt>
          <dd>{pct(props.alert.confidence)}</dd>
        </Show>
        <dt>{t("alerts.deadline")}</dt>
        <dd>{formatTime(props.alert.deadlineAt)}</dd>
        <Show when={props.alert.cameraId}>
          <dt>{t("alerts.fpRate")}</dt>
          <dd data-testid="alert-fp-rate">
            {t("alerts.fpRateValue", { rate: pct(props.alert.fpRate.rate), fp: props.alert.fpRate.falsePositives, judged: props.alert.fpRate.judged })}
            <Show when={props.alert.fpRate.raised}> {t("alerts.fpRaised")}</Show>
          </dd>
        </Show>
      </dl>
      <Show when={props.alert.cameraId}>
        {(cameraId) => (
          <A href={`/live/${props.alert.canteenId}?camera=${cameraId()}`} data-testid="alert-live-link">
            {t("alerts.watchLive")}
          </A>
        )}
      </Show>
      <ErrorBanner error={error()} />
      <Show when={a()}>
        {(d) => (
          <>
            <AlertActions
              alert={d()}
              onChanged={(next) => {
                setDetail(next);
                props.onChanged(next);
              }}
            />
            <Show when={d().recentOccurrences.length > 0}>
              <h3>{t("alerts.recentOccurrences")}</h3>
              <ul class="occurrence-strip" data-testid="alert-occurrence-list">
                <For each={d().recentOccurrences}>
                  {(o) => (
                    <li>
                      <a href={o.snapshotUrl} target="_blank" rel="noopener">
                        <img class="alert-thumb" src={o.snapshotUrl} alt={t("alerts.snapshotAlt")} loading="lazy" />
                      </a>
                      <time class="muted" datetime={o.occurredAt}>{formatTime(o.occurredAt)}</time>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <h3>{t("alerts.history")}</h3>
            <ol class="alert-events" data-testid="alert-events">
              <For each={d().events}>
                {(e) => (
                  <li data-action={e.action}>
                    <strong>{alertActionLabel(e.action)}</strong> <span class="muted">{`${formatTime(e.at)} · ${e.actor?.displayName ?? t("alerts.system")}`}</span>
                    <Show when={e.note}><p>{e.note}</p></Show>
                    <Show when={e.hasPhoto}>
                      <img class="alert-photo" src={alertEventPhotoUrl(d().id, e.id)} alt={t("alerts.photo")} loading="lazy" />
                    </Show>
                  </li>
                )}
              </For>
            </ol>
          </>
        )}
      </Show>
    </aside>
  );
}
