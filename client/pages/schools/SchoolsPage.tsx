import { createEffect, createSignal, For, on, Show } from "solid-js";
import { listSchools } from "../../api/orgs.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { SearchBox } from "../../components/SearchBox.tsx";
import { t } from "../../i18n/index.ts";
import { createPagedList } from "../../paged.ts";
import { me } from "../../stores/session.ts";
import type { SchoolPage, SchoolSummary } from "../../types.ts";
import { RegionFilter } from "./RegionFilter.tsx";
import { SchoolRow } from "./SchoolRow.tsx";

export const SCHOOLS_PAGE_SIZE = 20;

/** The regulator's home: every school in the caller's jurisdiction, with canteen and camera counts. */
export function SchoolsPage() {
  const [q, setQ] = createSignal("");
  const [regionCode, setRegionCode] = createSignal("");
  const list = createPagedList<SchoolSummary, SchoolPage>((cursor) =>
    listSchools({ q: q(), regionCode: regionCode(), cursor, limit: SCHOOLS_PAGE_SIZE }),
  );
  createEffect(on([q, regionCode], () => void list.reload()));

  const jurisdiction = () => me()?.memberships.find((m) => m.orgKind === "regulator" || m.orgKind === "education")?.regionCode;
  const total = () => list.lastPage()?.total;

  return (
    <section class="page" data-testid="schools-page">
      <div class="page-head">
        <h1>{t("schools.title")}</h1>
        <Show when={total() !== undefined}>
          <span class="count" data-testid="school-total">
            {t("schools.total", { total: total()! })}
          </span>
        </Show>
      </div>
      <div class="toolbar">
        <SearchBox placeholder={t("schools.search")} onSearch={setQ} />
        <RegionFilter parent={jurisdiction()} value={regionCode()} onChange={setRegionCode} />
      </div>
      <ErrorBanner error={list.error()} />
      <table class="table table-cards" data-testid="school-table" aria-busy={list.loading()}>
        <thead>
          <tr>
            <th>{t("schools.col.name")}</th>
            <th>{t("schools.col.region")}</th>
            <th class="num">{t("schools.col.canteens")}</th>
            <th class="num">{t("schools.col.cameras")}</th>
            <th>{t("schools.col.lastPatrolled")}</th>
          </tr>
        </thead>
        <tbody>
          <For each={list.items()}>{(school) => <SchoolRow school={school} />}</For>
        </tbody>
      </table>
      <Show when={!list.loading() && !list.error() && list.items().length === 0}>
        <p class="empty" data-testid="schools-empty">
          {t("schools.empty")}
        </p>
      </Show>
      <Show when={total() !== undefined && list.items().length > 0 && list.nextCursor()}>
        <p class="muted">{t("common.shown", { shown: list.items().length, total: total()! })}</p>
      </Show>
      <LoadMore cursor={list.nextCursor()} loading={list.loading()} onLoad={() => void list.loadMore()} />
    </section>
  );
}
