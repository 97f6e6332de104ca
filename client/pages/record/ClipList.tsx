import { A } from "@solidjs/router";
import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import { attachClip, listClips, verifyClip } from "../../api/record.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import type { Answer } from "../../api/contract.ts";
import type { Clip, ClipVerification } from "../../../server/record/clip-contracts.ts";
import "./record.css";

type ClipView = Answer<typeof Clip>;
export type ClipQuery = { cameraId: string } | { canteenId: string } | { targetType: "inspection" | "order" | "alert"; targetId: string };
export interface AttachTarget {
  targetType: "inspection" | "order" | "alert";
  targetId: string;
  label: string;
}

/** a pending clip is asked for again every 2 s until the gateway has uploaded it */
const PENDING_POLL_MS = 2000;
const sizeOf = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
const seconds = (c: ClipView) => Math.round((Date.parse(c.clipEnd ?? c.end) - Date.parse(c.clipStart ?? c.start)) / 1000);

/**
 * Evidence clips (视频抓拍, issue 19 item 5) of a camera, a canteen or what they are attached to: each with its state
 * (being cut on the gateway, ready, failed), a player (byte ranges: the browser seeks), the MP4 and its manifest to
 * download, a verify button that has the server recompute the hash and re-check the chain, and — where the page
 * offers them — buttons attaching it to the inspection or an order. `refresh` changes when a clip was just asked for.
 */
export function ClipList(props: { query: ClipQuery; refresh?: number; attachTargets?: () => AttachTarget[]; title?: string }) {
  const [clips, setClips] = createSignal<ClipView[] | null>(null);
  const [error, setError] = createSignal<unknown>();
  const [verdicts, setVerdicts] = createSignal<Record<string, Answer<typeof ClipVerification>>>({});
  let timer: ReturnType<typeof setTimeout> | undefined;
  let alive = true;
  onCleanup(() => {
    alive = false;
    clearTimeout(timer);
  });

  const load = async () => {
    clearTimeout(timer);
    try {
      const r = await listClips(props.query);
      if (!alive) return;
      setClips(r.items);
      setError(undefined);
      if (r.items.some((c) => c.status === "pending")) timer = setTimeout(() => void load(), PENDING_POLL_MS);
    } catch (err) {
      if (alive) setError(err);
    }
  };
  createEffect(on([() => JSON.stringify(props.query), () => props.refresh], () => void load()));

  const verify = (id: string) =>
    verifyClip(id)
      .then((v) => setVerdicts((all) => ({ ...all, [id]: v })))
      .catch(setError);
  const attach = (id: string, target: AttachTarget) =>
    attachClip(id, { targetType: target.targetType, targetId: target.targetId })
      .then((c) => setClips((all) => (all ?? []).map((x) => (x.id === c.id ? c : x))))
      .catch(setError);

  return (
    <section class="clip-list" data-testid="clip-list">
      <h3>{props.title ?? t("record.clip.list")}</h3>
      <ErrorBanner error={error()} />
      <Show when={clips()} fallback={<p class="muted">{t("record.clip.loading")}</p>}>
        {(list) => (
          <Show when={list().length} fallback={<p class="muted" data-testid="clip-empty">{t("record.clip.none")}</p>}>
            <ul>
              <For each={list()}>
                {(c) => (
                  <li class="card clip" data-testid="clip" data-clip-id={c.id} data-status={c.status}>
                    <p>
                      <strong>{c.origin === "alert" ? t("record.clip.fromAlert") : t("record.clip.manual")}</strong>
                      {` · ${c.cameraName} · ${formatTime(c.clipStart ?? c.start)}`}
                      <Show when={c.status === "ready"}>{` · ${t("record.seconds", { n: seconds(c) })} · ${sizeOf(c.bytes ?? 0)}`}</Show>
                    </p>
                    <Show when={c.status === "pending"}>
                      <p class="muted" data-testid="clip-pending">{t("record.clip.pending")}</p>
                    </Show>
                    <Show when={c.status === "failed" || c.status === "expired"}>
                      <p class="error" data-testid="clip-failed">{c.status === "expired" ? t("record.clip.expired") : t("record.clip.failed", { why: c.failure ?? "" })}</p>
                    </Show>
                    <Show when={c.videoUrl}>
                      {(src) => (
                        <>
                          {/* #t: the browser shows the first frame rather than black, fetching only its bytes (ranges) */}
                          <video class="clip-video" controls playsinline preload="metadata" src={`${src()}#t=0.001`} data-testid="clip-video" />
                          <div class="actions">
                            <a class="button button-large" href={`${src()}?download=1`} download={`clip-${c.id}.mp4`} data-testid="clip-download">
                              {t("record.clip.download")}
                            </a>
                            <a class="button button-large" href={c.manifestUrl!} download={`clip-${c.id}.manifest.json`} data-testid="clip-manifest">
                              {t("record.clip.manifest")}
                            </a>
                            <button type="button" class="button-large" data-testid="clip-verify" onClick={() => void verify(c.id)}>
                              {t("record.clip.verify")}
                            </button>
                            <A class="button button-large" href={`/clips/${encodeURIComponent(c.id)}`} data-testid="clip-verify-page-link">
                              {t("record.clip.verifyPage")}
                            </A>
                          </div>
                          <Show when={verdicts()[c.id]}>
                            {(v) => (
                              <p class={v().verdict === "unchanged" ? "ok" : "error"} data-testid="clip-verdict" data-verdict={v().verdict}>
                                {t(`record.clip.verdict.${v().verdict}`)}
                                {` · SHA-256 ${v().sha256.recorded.slice(0, 16)}… · ${t("record.clip.sources", { n: v().sources.length })}`}
                              </p>
                            )}
                          </Show>
                        </>
                      )}
                    </Show>
                    <Show when={c.attachments.length}>
                      <p class="muted" data-testid="clip-attachments">
                        {t("record.clip.attachedTo", { list: c.attachments.map((a) => t(`record.clip.target.${a.targetType}`)).join("、") })}
                      </p>
                    </Show>
                    <Show when={props.attachTargets?.().filter((tg) => !c.attachments.some((a) => a.targetType === tg.targetType && a.targetId === tg.targetId))}>
                      {(targets) => (
                        <div class="actions">
                          <For each={targets()}>
                            {(tg) => (
                              <button type="button" class="button-large" data-testid="clip-attach" data-target-id={tg.targetId} onClick={() => void attach(c.id, tg)}>
                                {t("record.clip.attach", { target: tg.label })}
                              </button>
                            )}
                          </For>
                        </div>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  );
}
