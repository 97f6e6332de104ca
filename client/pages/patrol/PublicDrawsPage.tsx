import { A, useParams } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { publicRegionDraws } from "../../api/patrol.ts";
import { settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LangToggle } from "../../components/LangToggle.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { shortHash } from "./labels.ts";

/** /public/regions/:code/draws — 一公开: a region's draws, their commitments and seeds, the canteens checked and the results; no personal data. */
export function PublicDrawsPage() {
  const params = useParams<{ code: string }>();
  const [draws] = createResource(() => params.code, publicRegionDraws);
  return (
    <main class="page public-draws-page" data-testid="public-draws-page">
      <div class="page-head">
        <h1>{t("publicDraws.title")}</h1>
        <LangToggle />
      </div>
      <ErrorBanner error={draws.error} />
      <Show when={settled(draws)}>
        {(list) => (
          <Show when={list().items.length > 0} fallback={<p class="empty">{t("publicDraws.empty")}</p>}>
            <For each={list().items}>
              {(d) => (
                <section class="card" data-testid="public-draw">
                  <div class="page-head">
                    <h2>{d.name}</h2>
                    <span class={`badge badge-draw-${d.status}`}>{t(`draw.status.${d.status}`)}</span>
                  </div>
                  <dl class="facts pairs">
                    <dt>{t("draw.commitment")}</dt>
                    <dd>
                      <code class="hash" title={d.commitment}>{shortHash(d.commitment)}</code>
                    </dd>
                    <dt>{t("draw.publicValueSource")}</dt>
                    <dd>
                      {d.publicValueSource}
                      <Show when={d.publicValue}> = {d.publicValue}</Show>
                    </dd>
                    <dt>{t("draw.status.committed")}</dt>
                    <dd>{formatTime(d.committedAt)}</dd>
                  </dl>
                  <Show when={d.canteens.length > 0}>
                    <ul>
                      <For each={d.canteens}>
                        {(c) => (
                          <li>
                            {c.name} — {t(`spot.result.${c.result}`)}
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                  <A href={`/verify/draw/${encodeURIComponent(d.id)}`}>{t("draw.verifyLink")}</A>
                </section>
              )}
            </For>
          </Show>
        )}
      </Show>
    </main>
  );
}
