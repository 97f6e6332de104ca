import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from "solid-js";
import { getOpsTokens } from "../../api/alerts.ts";
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
  const [filters, setFilters] = createSignal<AlertFilters>({ type: "", status: "", canteenId: "", from: "", to: "" });
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
      if (kind === "alert.raised") announce(t("alerts.newTitle", { type: alertTypeLabel(alert.type) }), `${alert.canteenName} · ${alert.cameraName}`);
      if (kind === "alert.escalated") announce(t("alerts.escalatedTitle", { type: alertTypeLabel(alert.type) }), `${alert.canteenName} · ${alert.cameraName}`);
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
      </div>
      <ErrorBanner error={list.error()} />
      <div class="alerts-layout" classList={{ "has-panel": !!selected() }}>
        <ul class="card-list alert-list" data-testid="alert-list" aria-busy={list.loading()}>
          <For each={list.items()}>{(a: Alert) => <AlertCard alert={a} selected={a.id === selectedId()} onSelect={() => setSelectedId(a.id)} />}</For>
        </ul>
        <Show when={selected()}>{(a) => <AlertPanel alert={a()} onChanged={(next) => list.upsert(next)} onClose={() => setSelectedId(undefined)} />}</Show>
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
