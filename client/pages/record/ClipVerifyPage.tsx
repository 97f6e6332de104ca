import { A, useParams } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { getClip, verifyClip } from "../../api/record.ts";
import { DeadEnd, isMissing } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import "./record.css";

/**
 * /clips/:id — the verify page of an evidence clip (issue 19 item 5): on opening, the server recomputes the stored
 * file's SHA-256 and folds its source segments between the anchors the API kept, and the page says what it found —
 * unchanged, changed or missing — with every hash beside it, so a printed order's clip can be checked by anyone in scope.
 */
export function ClipVerifyPage() {
  const params = useParams<{ id: string }>();
  const [clip] = createResource(() => params.id, getClip);
  // verified only once the clip is known and ready (a pending clip has nothing to hash yet)
  // (an errored resource throws when read: its state is asked first)
  const [verdict, { refetch }] = createResource(() => (clip.state === "ready" && clip().status === "ready" ? clip().id : false), verifyClip);

  return (
    <Show when={!isMissing(clip.error)} fallback={<DeadEnd kind="not-found" title="record.clip.notFound" message="record.clip.notFoundText" />}>
      <section class="page clip-verify-page" data-testid="clip-verify-page">
        <h1>{t("record.clip.verifyTitle")}</h1>
        <ErrorBanner error={clip.error ?? verdict.error} />
        <Show when={clip.state === "ready" && clip()} fallback={<Show when={!clip.error}><p class="muted">{t("record.clip.loading")}</p></Show>}>
          {(c) => (
            <>
              <p data-testid="clip-verify-what">
                {`${c().cameraName} · ${formatTime(c().clipStart ?? c().start)} – ${formatTime(c().clipEnd ?? c().end)}`}
              </p>
              <Show when={c().status === "ready"} fallback={<p class="notice" data-testid="clip-verify-not-ready">{t("record.clip.notReady")}</p>}>
                <Show when={verdict.state === "ready" && verdict()} fallback={<Show when={!verdict.error}><p class="muted">{t("record.clip.verifying")}</p></Show>}>
                  {(v) => (
                    <>
                      <p class={`notice ${v().verdict === "unchanged" ? "ok" : "error"}`} role="status" data-testid="clip-verify-verdict" data-verdict={v().verdict}>
                        {t(`record.clip.verdict.${v().verdict}`)}
                      </p>
                      <dl class="clip-hashes">
                        <dt>{t("record.clip.hashRecorded")}</dt>
                        <dd class="mono" data-testid="clip-hash-recorded">{v().sha256.recorded}</dd>
                        <dt>{t("record.clip.hashComputed")}</dt>
                        <dd class="mono" data-testid="clip-hash-computed">{v().sha256.computed ?? t("record.clip.fileMissing")}</dd>
                        <dt>{t("record.clip.chain")}</dt>
                        <dd data-testid="clip-chain">
                          {v().chain.matches ? t("record.clip.chainOk", { from: v().chain.fromSeq, to: v().chain.toSeq }) : t("record.clip.chainBroken", { detail: v().chain.detail ?? "" })}
                        </dd>
                        <dt>{t("record.clip.checkedAt")}</dt>
                        <dd>{formatTime(v().checkedAt)}</dd>
                      </dl>
                      <h2>{t("record.clip.sources", { n: v().sources.length })}</h2>
                      <ol class="clip-sources" data-testid="clip-sources">
                        <For each={v().sources}>
                          {(s) => (
                            <li>
                              {`#${s.seq} · ${formatTime(s.start)} – ${formatTime(s.end)} · `}
                              <span class="mono">{s.sha256.slice(0, 16)}…</span>
                            </li>
                          )}
                        </For>
                      </ol>
                      <div class="actions">
                        <button type="button" class="button-large" data-testid="clip-verify-again" onClick={() => void refetch()}>
                          {t("record.clip.verifyAgain")}
                        </button>
                        <Show when={c().manifestUrl}>
                          {(href) => (
                            <a class="button button-large" href={href()} download={`clip-${c().id}.manifest.json`}>
                              {t("record.clip.manifest")}
                            </a>
                          )}
                        </Show>
                        <A class="button button-large" href={`/cameras/${encodeURIComponent(c().cameraId)}/recordings`}>
                          {t("record.clip.toTimeline")}
                        </A>
                      </div>
                    </>
                  )}
                </Show>
              </Show>
            </>
          )}
        </Show>
      </section>
    </Show>
  );
}
