import { A } from "@solidjs/router";
import { createSignal, For, onMount, Show } from "solid-js";
import { type FieldTaskSummaryView, listFieldTasks } from "../../api/field.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { createPagedList } from "../../paged.ts";
import "./field.css";

const FILTERS = ["open", "on_site", "assigned", "done", "cancelled", "all"] as const;
type Filter = (typeof FILTERS)[number];

/**
 * /field — the 靶向飞行 board: on site first, then assigned, done and cancelled, each by due date (overdue ones marked);
 * "mine" narrows it to the tasks I am sent on. A card opens the task (on the phone: the on-site form).
 */
export function FieldTasksPage() {
  const [filter, setFilter] = createSignal<Filter>("open");
  const [mine, setMine] = createSignal(false);
  const list = createPagedList<FieldTaskSummaryView>((cursor) => {
    const f = filter();
    const status = f === "all" || f === "open" ? undefined : f;
    return listFieldTasks({ cursor, limit: 50, ...(status ? { status } : {}), ...(mine() ? { mine: "true" } : {}) });
  });
  onMount(() => void list.reload());
  const shown = () => (filter() === "open" ? list.items().filter((i) => i.status === "assigned" || i.status === "on_site") : list.items());
  const choose = (f: Filter) => {
    setFilter(f);
    void list.reload();
  };
  return (
    <section class="page field-board" data-testid="field-board">
      <div class="page-head">
        <h1>{t("field.board")}</h1>
      </div>
      <div class="tabs" role="tablist">
        <For each={FILTERS}>
          {(f) => (
            <button type="button" role="tab" aria-selected={filter() === f} classList={{ active: filter() === f }} data-testid={`field-filter-${f}`} onClick={() => choose(f)}>
              {t(`field.filter.${f}`)}
            </button>
          )}
        </For>
        <label class="choice">
          <input type="checkbox" data-testid="field-mine" checked={mine()} onChange={(e) => { setMine(e.currentTarget.checked); void list.reload(); }} />
          {t("field.mine")}
        </label>
      </div>
      <ErrorBanner error={list.error()} />
      <Show when={!list.loading() || list.items().length > 0} fallback={<p class="muted">{t("common.loading")}</p>}>
        <Show when={shown().length > 0} fallback={<p class="empty" data-testid="field-empty">{t("field.empty")}</p>}>
          <ul class="cards field-tasks">
            <For each={shown()}>{(task) => <TaskCard task={task} />}</For>
          </ul>
        </Show>
      </Show>
      <LoadMore cursor={list.nextCursor()} loading={list.loading()} onLoad={() => void list.loadMore()} />
    </section>
  );
}

function TaskCard(props: { task: FieldTaskSummaryView }) {
  const task = () => props.task;
  return (
    <li class="card field-task" data-testid="field-task" data-status={task().status} data-id={task().id}>
      <A href={`/field/${encodeURIComponent(task().id)}`} class="field-task-link">
        <div class="field-task-head">
          <span class={`badge badge-field-${task().status}`}>{t(`field.status.${task().status}`)}</span>
          <Show when={task().overdue}>
            <span class="badge badge-offline" data-testid="field-overdue">{t("field.overdue")}</span>
          </Show>
          <Show when={task().mine}>
            <span class="badge">{t("field.mineBadge")}</span>
          </Show>
        </div>
        <strong>{task().title}</strong>
        <span class="muted small">
          {task().schoolName} · {t(`field.source.${task().source.kind}`)}
        </span>
        <span class="small">
          {t("field.dueAt")}
          {t("common.colon")}
          {formatTime(task().dueAt)}
          <Show when={task().result}> · {t(`field.result.${task().result!}`)}</Show>
        </span>
        <span class="muted small">{task().inspectors.map((p) => p.displayName).join(t("common.listSeparator"))}</span>
      </A>
    </li>
  );
}
