import { useSearchParams } from "@solidjs/router";
import { createEffect, createResource, For, on, Show } from "solid-js";
import { listCanteens } from "../../api/canteens.ts";
import { getOrg } from "../../api/orgs.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { t } from "../../i18n/index.ts";
import { createPagedList } from "../../paged.ts";
import type { Canteen, CanteenPage } from "../../types.ts";
import { CanteenCard } from "./CanteenCard.tsx";
import { CanteenView } from "./CanteenView.tsx";

/**
 * /canteens[?orgId=]: the canteens in the caller's scope, or of one school. A school with a single canteen
 * (the usual case) gets its areas and cameras right here: this is the school roles' home.
 */
export function CanteensPage() {
  const [search] = useSearchParams<{ orgId?: string }>();
  const orgId = () => (typeof search.orgId === "string" && search.orgId ? search.orgId : undefined);
  const [org] = createResource(orgId, getOrg);
  const list = createPagedList<Canteen, CanteenPage>((cursor) => listCanteens({ orgId: orgId(), cursor }));
  createEffect(on(orgId, () => void list.reload()));

  const single = () => (list.items().length === 1 && !list.nextCursor() ? list.items()[0] : undefined);

  return (
    <section class="page" data-testid="canteens-page">
      <div class="page-head">
        <h1>{org.latest ? t("canteens.ofOrg", { name: org.latest.name }) : t("canteens.title")}</h1>
      </div>
      <ErrorBanner error={list.error()} />
      <Show when={!list.loading() && !list.error() && list.items().length === 0}>
        <p class="empty">{t("canteens.empty")}</p>
      </Show>
      <Show
        when={single()}
        fallback={
          <>
            <ul class="card-list">
              <For each={list.items()}>{(c) => <CanteenCard canteen={c} showOrg={!orgId()} />}</For>
            </ul>
            <LoadMore cursor={list.nextCursor()} loading={list.loading()} onLoad={() => void list.loadMore()} />
          </>
        }
      >
        {(c) => <CanteenView id={c().id} headingLevel={2} />}
      </Show>
    </section>
  );
}
