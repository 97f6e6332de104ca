import { useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from "solid-js";
import { acknowledgeAlerts, getOpsTokens } from "../../api/alerts.ts";
import { errorText } from "../../api.ts";
import { refreshAlertCounts } from "../../stores/alertCounts.ts";
import { can } from "../../stores/session.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { createOpsFeed } from "../../live/opsFeed.ts";
import { alertStatusLabel, alertTypeLabel, t } from "../../i18n/index.ts";
import type { Alert } from "../../types.ts";
import { ALERT_STATUSES, ALERT_TYPES } from "../../../server/contracts/enums.ts";
import { AlertCard } from "./AlertCard.tsx";
import { AlertPanel } from "./AlertPanel.tsx";
import { type AlertFilters, createAlertList } from "./alertList.ts";
import { announce, notifyEnabled, setNotify } from "./notify.ts";
import { ALERT_TOPIC, parseAlertMessage } from "./alertMessages.ts";

/**
 * The AI抓拍 alert inbox of schools and regulators: new alerts appear live (ops-room data over LiveKit),
 * with an optional chime and browser notification; after a reconnect the page fetches what it missed.
 */
export function AlertsPage() {
  // a link may open the inbox already narrowed (the overview's figures: ?canteenId=…&open=1)
  const [search] = useSearchParams<{ canteenId?: string; open?: string }>();
  const [filters, setFilters] = createSignal<AlertFilters>({ type: "", status: "", canteenId: search.canteenId ?? "", from: "", to: "", open: search.open === "1" });
  const [selectedId, setSelectedId] = createSignal<string>();
  const list = createAlertList(filters);
  createEffect(on(filters, () => void list.reload()));

  const feed = createOpsFeed({
    fetchTokens: getOpsTokens,
    topic: ALERT_TOPIC,
    onData(payload, from) {
      const message = parseAlertMessage(payload, from);
      if (!message) return;
      const { alert, kind } = message;
      list.upsert(alert);
      void refreshAlertCounts();
      if (kind === "alert.raised") announce(t("alerts.newTitle", { type: alertTypeLabel(alert.type) }), `${alert.canteenName} · ${alert.cameraName ?? t("alerts.fromLedger")}`);
      if (kind === "alert.escalated") announce(t("alerts.escalatedTitle", { type: alertTypeLabel(alert.type) }), `${alert.canteenName} · ${alert.cameraName ?? t("alerts.fromLedger")}`);
    },
    onResync: () => void list.catchUp(),
  });
  onCleanup(() => feed.close());

  const selected = createMemo(() => list.items().find((a) => a.id === selectedId()));
  // the canteens seen so far, for the filter (a regulator's region holds too many to list them all)
  const canteens = createMemo<Array<[string, string]>>((prev) => {
    const seen = new Map(prev);
    for (const a of list.items()) seen.set(a.canteenId, a.canteenName);
    return [...seen];
  }, []);
  // 签收 of every new alert in the list at once (a night of detections); each refused one is said with its reason
  const fresh = createMemo(() => list.items().filter((a) => a.status === "new"));
  const [bulkNote, setBulkNote] = createSignal<string>();
  const [bulkBusy, setBulkBusy] = createSignal(false);
  async function acknowledgeAll() {
    const ids = fresh().map((a) => a.id);
    if (!ids.length || !globalThis.confirm(t("alerts.ackAllConfirm", { n: ids.length }))) return;
    setBulkBusy(true);
    try {
      const res = await acknowledgeAlerts({ ids: ids.slice(0, 100) });
      const refused = res.refused.length ? t("alerts.ackAllRefused", { n: res.refused.length, reasons: [...new Set(res.refused.map((r) => r.message))].join("；") }) : "";
      setBulkNote(t("alerts.ackAllDone", { done: res.acknowledged.length }) + refused);
      await list.reload();
    } catch (e) {
      setBulkNote(errorText(e));
    } finally {
      setBulkBusy(false);
      void refreshAlertCounts();
    }
  }
  // on a phone the five filters fold away behind one line
  const wide = !globalThis.matchMedia?.("(max-width: 719px)").matches;

  const set = (key: keyof AlertFilters) => (e: Event & { currentTarget: HTMLInputElement | HTMLSelectElement }) => setFilters((f) => ({ ...f, [key]: e.currentTarget.value }));

  return (
    <section class="page alerts-page" data-testid="alerts-page">
      <div class="page-head">
        <h1>{t("alerts.title")}</h1>
        <span class={`badge feed-${feed.state()}`} data-testid="alerts-feed" data-state={feed.state()}>
          {t(`alerts.feed.${feed.state()}`)}
        </span>
        <label class="toggle push">
          <input type="checkbox" checked={notifyEnabled()} onChange={(e) => void setNotify(e.currentTarget.checked)} data-testid="alerts-notify" />
          {t("alerts.notify")}
        </label>
      </div>
      <Show when={can("alerts.dispose") && fresh().length > 0}>
        <div class="toolbar">
          <button type="button" disabled={bulkBusy()} onClick={() => void acknowledgeAll()} data-testid="alerts-ack-all">
            {t("alerts.ackAll", { n: fresh().length })}
          </button>
        </div>
      </Show>
      <Show when={bulkNote()}>
        <p class="notice" role="status" data-testid="alerts-ack-all-result">
          {bulkNote()}
        </p>
      </Show>
      <details class="filters" open={wide} data-testid="alerts-filters">
        <summary>{t("alerts.filters")}</summary>
      <div class="toolbar">
        <label class="field">
          <span>{t("alerts.type")}</span>
          <select value={filters().type} onChange={set("type")} data-testid="filter-type">
            <option value="">{t("common.all")}</option>
            <For each={ALERT_TYPES}>{(type) => <option value={type}>{alertTypeLabel(type)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>{t("common.status")}</span>
          <select value={filters().status} onChange={set("status")} data-testid="filter-status">
            <option value="">{t("common.all")}</option>
            <For each={ALERT_STATUSES}>{(s) => <option value={s}>{alertStatusLabel(s)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>{t("alerts.canteen")}</span>
          <select value={filters().canteenId} onChange={set("canteenId")} data-testid="filter-canteen">
            <option value="">{t("common.all")}</option>
            <For each={canteens()}>{([id, name]) => <option value={id}>{name}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>{t("alerts.from")}</span>
          <input type="datetime-local" value={filters().from} onChange={set("from")} data-testid="filter-from" />
        </label>
        <label class="field">
          <span>{t("alerts.to")}</span>
          <input type="datetime-local" value={filters().to} onChange={set("to")} data-testid="filter-to" />
        </label>
        <label class="choice">
          <input type="checkbox" checked={filters().open} onChange={(e) => setFilters((f) => ({ ...f, open: e.currentTarget.checked }))} data-testid="filter-open" />
          {t("alerts.openOnly")}
        </label>
      </div>
      </details>
      <ErrorBanner error={list.error()} />
      <div class="alerts-layout" classList={{ "has-panel": !!selected() }}>
        <ul class="card-list alert-list" data-testid="alert-list" aria-busy={list.loading()}>
          <For each={list.items()}>{(a: Alert) => <AlertCard alert={a} selected={a.id === selectedId()} onSelect={() => setSelectedId(a.id)} />}</For>
        </ul>
        <Show when={selected()}>{(a) => <AlertPanel
              alert={a()}
              onChanged={(next) => {
                list.upsert(next);
                void refreshAlertCounts();
              }} onClose={() => setSelectedId(undefined)} />}</Show>
      </div>
      <Show when={!list.loading() && !list.error() && list.items().length === 0}>
        <p class="empty" data-testid="alerts-empty">
          {t("alerts.empty")}
        </p>
      </Show>
      <LoadMore cursor={list.nextCursor()} loading={list.loading()} onLoad={() => void list.loadMore()} />
    </section>
  );
}
