import { A } from "@solidjs/router";
import { For, onMount, Show } from "solid-js";
import { listViewing, type ViewingSummaryView } from "../../api/viewing.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { createPagedList } from "../../paged.ts";
import { can } from "../../stores/session.ts";
import { ScheduleForm } from "./ScheduleForm.tsx";
import "../public/public.css";

/** /viewing — a parent's invitations (join when open); the school's and the regulator's sessions; the school schedules. */
export function ViewingListPage() {
  const list = createPagedList<ViewingSummaryView>((cursor) => listViewing({ cursor, limit: 30 }));
  onMount(() => void list.reload());
  return (
    <section class="page" data-testid="viewing-page">
      <div class="page-head">
        <h1>{t("viewing.title")}</h1>
      </div>
      <Show when={can("viewing.manage")}>
        <ScheduleForm onScheduled={() => void list.reload()} />
      </Show>
      <ErrorBanner error={list.error()} />
      <Show when={!list.loading() && !list.error() && list.items().length === 0}>
        <p class="muted" data-testid="viewing-empty">{t("viewing.empty")}</p>
      </Show>
      <ul class="card-list">
        <For each={list.items()}>{(s) => <SessionCard session={s} />}</For>
      </ul>
      <LoadMore cursor={list.nextCursor()} loading={list.loading()} onLoad={() => void list.loadMore()} />
    </section>
  );
}

function SessionCard(props: { session: ViewingSummaryView }) {
  const s = () => props.session;
  return (
    <li class="card" data-testid="viewing-card" data-state={s().state} data-id={s().id}>
      <p>
        <span class={`badge badge-complaint-${s().state === "open" ? "answered" : s().state === "upcoming" ? "open" : "closed"}`}>{t(`viewing.state.${s().state}`)}</span>{" "}
        <strong class="user-text">{s().title}</strong> · {s().schoolName} · {s().canteenName}
      </p>
      <p class="small">
        {t("viewing.window", { start: formatTime(s().startsAt), end: formatTime(s().endsAt) })} · {t("viewing.host")}{t("common.colon")}{s().host.displayName}
      </p>
      <p class="small muted">{s().cameras.map((c) => (c.publicVisible ? c.name : `${c.name}（${t("viewing.nonPublic")}）`)).join("、")}</p>
      <A href={`/viewing/${s().id}`} class={s().invited && s().state === "open" ? "button button-primary" : "button"} data-testid="viewing-open">
        {s().invited && s().state === "open" ? t("viewing.join") : t("viewing.open")}
      </A>
      <Show when={s().invited && s().state === "upcoming"}>
        <span class="muted small"> {t("viewing.joinOpens")}</span>
      </Show>
    </li>
  );
}
