import { useSearchParams } from "@solidjs/router";
import { createSignal, For, onMount, Show } from "solid-js";
import { type ComplaintSummaryView, listComplaints } from "../../api/complaints.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { t } from "../../i18n/index.ts";
import { createPagedList } from "../../paged.ts";
import { ComplaintCard } from "./ComplaintCard.tsx";
import "../public/public.css";

type Filter = "all" | "open" | "overdue";

/** /complaints — the school answers its complaints, the regulator follows every one in its region (open first, by deadline). */
export function ComplaintsPage() {
  // /complaints?q=<tracking code> (an order's link back to its complaint) shows that one, whatever its status
  const [search] = useSearchParams<{ q?: string }>();
  const [filter, setFilter] = createSignal<Filter>(search.q ? "all" : "open");
  const list = createPagedList<ComplaintSummaryView>((cursor) =>
    listComplaints({ cursor, limit: 30, ...(search.q ? { q: search.q } : {}), ...(filter() === "open" ? { status: "open" } : filter() === "overdue" ? { overdue: "true" } : {}) }),
  );
  onMount(() => void list.reload());
  const choose = (f: Filter) => {
    setFilter(f);
    void list.reload();
  };
  return (
    <section class="page" data-testid="complaints-page">
      <div class="page-head">
        <h1>{t("complaints.title")}</h1>
        <div class="push" role="group">
          <For each={["open", "overdue", "all"] as const}>
            {(f) => (
              <button type="button" aria-pressed={filter() === f ? "true" : "false"} classList={{ "button-primary": filter() === f }} onClick={() => choose(f)} data-testid={`complaints-filter-${f}`}>
                {f === "open" ? t("complaint.status.open") : t(`complaints.filter.${f}`)}
              </button>
            )}
          </For>
        </div>
      </div>
      <ErrorBanner error={list.error()} />
      <Show when={!list.loading() && !list.error() && list.items().length === 0}>
        <p class="muted" data-testid="complaints-empty">{t("complaints.empty")}</p>
      </Show>
      <ul class="card-list">
        <For each={list.items()}>{(c) => <ComplaintCard summary={c} onChanged={(next) => list.setItems((rows) => rows.map((r) => (r.id === next.id ? next : r)))} />}</For>
      </ul>
      <LoadMore cursor={list.nextCursor()} loading={list.loading()} onLoad={() => void list.loadMore()} />
    </section>
  );
}
