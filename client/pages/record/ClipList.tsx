import { A } from "@solidjs/router";
import { type Accessor, createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import { attachClip, listClips, verifyClip } from "../../api/record.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import type { Answer } from "../../api/contract.ts";
import type { Clip, ClipTarget, ClipVerification } from "../../../server/record/clip-contracts.ts";
import { type AttachTarget, attachmentLabel, notYetAttached } from "./clipTargets.ts";
import "./record.css";

export type { AttachTarget };
export type ClipView = Answer<typeof Clip>;
export type ClipQuery = { cameraId: string } | { canteenId: string } | { targetType: ClipTarget; targetId: string };

/** a pending clip is asked for again every 2 s until the gateway has uploaded it */
const PENDING_POLL_MS = 2000;
const sizeOf = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
const seconds = (c: ClipView) => Math.round((Date.parse(c.clipEnd ?? c.end) - Date.parse(c.clipStart ?? c.start)) / 1000);

/**
 * The clips of a query, kept current: asked for again when the query or `refresh` changes, and every 2 s while one is
 * pending on the gateway. `replace` puts a clip the API answered (after attaching it) in its place.
 */
export function createClipLoader(query: () => ClipQuery, refresh: () => number | undefined = () => undefined) {
  const [clips, setClips] = createSignal<ClipView[] | null>(null);
  const [error, setError] = createSignal<unknown>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let alive = true;
  onCleanup(() => {
    alive = false;
    clearTimeout(timer);
  });
  const load = async () => {
    clearTimeout(timer);
    try {
      const r = await listClips(query());
      if (!alive) return;
      setClips(r.items);
      setError(undefined);
      if (r.items.some((c) => c.status === "pending")) timer = setTimeout(() => void load(), PENDING_POLL_MS);
    } catch (err) {
      if (alive) setError(err);
    }
  };
  createEffect(on([() => JSON.stringify(query()), refresh], () => void load()));
  const replace = (c: ClipView) => setClips((all) => (all ?? []).map((x) => (x.id === c.id ? c : x)));
  return { clips, error, setError, replace };
}

/**
 * Evidence clips (视频抓拍, issue 19 item 5) of a camera, a canteen or what they are attached to: each with its state
 * (being cut on the gateway, ready, failed), a player (byte ranges: the browser seeks), the MP4 and its manifest to
 * download, a verify button that has the server recompute the hash and re-check the chain, and — where the page
 * offers them — a chooser attaching it to the inspection, an order or one of its problems. `refresh` changes when a
 * clip was just asked for.
 */
export function ClipList(props: { query: ClipQuery; refresh?: number; attachTargets?: () => AttachTarget[]; title?: string }) {
  const loader = createClipLoader(() => props.query, () => props.refresh);
  return (
    <section class="clip-list" data-testid="clip-list">
      <h3>{props.title ?? t("record.clip.list")}</h3>
      <ErrorBanner error={loader.error()} />
      <Show when={loader.clips()} fallback={<p class="muted">{t("record.clip.loading")}</p>}>
        {(list) => (
          <Show when={list().length} fallback={<p class="muted" data-testid="clip-empty">{t("record.clip.none")}</p>}>
            <ClipCards clips={list} onChanged={loader.replace} onError={loader.setError} attachTargets={props.attachTargets} />
          </Show>
        )}
      </Show>
    </section>
  );
}

/** The cards of some clips (a list, or the clips of one problem on the order page). */
export function ClipCards(props: { clips: Accessor<ClipView[]>; onChanged: (c: ClipView) => void; onError: (err: unknown) => void; attachTargets?: () => AttachTarget[] }) {
  const [verdicts, setVerdicts] = createSignal<Record<string, Answer<typeof ClipVerification>>>({});
  const verify = (id: string) =>
    verifyClip(id)
      .then((v) => setVerdicts((all) => ({ ...all, [id]: v })))
      .catch(props.onError);
  const attach = (id: string, target: Pick<AttachTarget, "targetType" | "targetId">) =>
    attachClip(id, { targetType: target.targetType, targetId: target.targetId }).then(props.onChanged).catch(props.onError);

  return (
    <ul class="clip-cards">
      <For each={props.clips()}>
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
                {t("record.clip.attachedTo", { list: c.attachments.map(attachmentLabel).join("、") })}
              </p>
            </Show>
            <Show when={props.attachTargets && notYetAttached(props.attachTargets(), c.attachments)}>
              {(targets) => (
                <Show when={targets().length}>
                  <AttachChooser targets={targets()} onAttach={(tg) => attach(c.id, tg)} />
                </Show>
              )}
            </Show>
          </li>
        )}
      </For>
    </ul>
  );
}

/**
 * Attaching on a phone: one native chooser (the order's problems grouped under its number: the system's picker has
 * rows large enough to touch, and a long problem never widens the page) and one large button — rather than a
 * button per target, which for a few orders of a few problems each would be a wall of buttons under every clip.
 */
function AttachChooser(props: { targets: AttachTarget[]; onAttach: (tg: AttachTarget) => Promise<unknown> }) {
  const [chosen, setChosen] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const key = (tg: AttachTarget) => `${tg.targetType}:${tg.targetId}`;
  const groups = () => [...new Set(props.targets.map((tg) => tg.group ?? ""))];
  const submit = () => {
    const tg = props.targets.find((x) => key(x) === chosen());
    if (!tg) return;
    setBusy(true);
    void props.onAttach(tg).finally(() => {
      setBusy(false);
      setChosen("");
    });
  };
  return (
    <div class="clip-attach">
      <select data-testid="clip-attach-target" aria-label={t("record.clip.attachTo")} value={chosen()} onChange={(e) => setChosen(e.currentTarget.value)}>
        <option value="">{t("record.clip.attachChoose")}</option>
        <For each={groups()}>
          {(g) => {
            const options = () => props.targets.filter((tg) => (tg.group ?? "") === g);
            const list = (
              <For each={options()}>
                {(tg) => (
                  <option value={key(tg)} data-target-type={tg.targetType} data-target-id={tg.targetId}>
                    {tg.label}
                  </option>
                )}
              </For>
            );
            return g ? <optgroup label={g}>{list}</optgroup> : list;
          }}
        </For>
      </select>
      <button type="button" class="button-large" data-testid="clip-attach" disabled={!chosen() || busy()} onClick={submit}>
        {t("record.clip.attachButton")}
      </button>
    </div>
  );
}
