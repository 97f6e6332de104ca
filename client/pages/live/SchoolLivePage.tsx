import { A, Navigate, useParams } from "@solidjs/router";
import { createResource, For, Match, Switch } from "solid-js";
import { listCanteens } from "../../api/canteens.ts";
import { DeadEnd, isMissing, settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";

/** /live/org/:orgId — from a school row: straight to its canteen's live page, or a choice when it has several. */
export function SchoolLivePage() {
  const params = useParams<{ orgId: string }>();
  const [canteens] = createResource(
    () => params.orgId,
    (orgId) => listCanteens({ orgId, limit: 50 }).then((page) => page.items),
  );
  return (
    <section class="page" data-testid="school-live-page">
      <Switch fallback={<p class="muted">{t("common.loading")}</p>}>
        <Match when={isMissing(canteens.error)}>
          <DeadEnd kind="not-found" title="deadEnd.school.title" message="deadEnd.school.text" />
        </Match>
        <Match when={canteens.error}>
          <ErrorBanner error={canteens.error} />
        </Match>
        <Match when={settled(canteens)?.length === 1 && settled(canteens)![0]}>{(only) => <Navigate href={`/live/${encodeURIComponent(only().id)}`} />}</Match>
        <Match when={settled(canteens)?.length === 0}>
          <p class="empty">{t("canteens.empty")}</p>
        </Match>
        <Match when={settled(canteens)}>
          {(list) => (
            <>
              <h1>{t("live.pickCanteen")}</h1>
              <ul class="card-list">
                <For each={list()}>
                  {(c) => (
                    <li class="card">
                      <A href={`/live/${encodeURIComponent(c.id)}`} data-testid="school-live-canteen">
                        {c.name}
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
