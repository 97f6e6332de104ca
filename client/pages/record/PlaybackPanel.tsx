import { batch, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { canteenPlaybacks, controlPlayback, requestClip } from "../../api/record.ts";
import { type AttachTarget, ClipList } from "./ClipList.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { CHINA_TIME_ZONE } from "../../i18n/chinaTime.ts";
import { lang, t } from "../../i18n/index.ts";
import type { LiveController } from "../../live/types.ts";
import { parseMessage } from "../../../server/bus/parse.ts";
import { SPEEDS } from "../../../server/record/playback-contracts.ts";
import { positionAt } from "../../../server/record/playback-rules.ts";
import "./record.css";

/** the recording's time to the second, China time: 2026/12/5 05:39:15 */
const recordedAt = (ms: number) => new Intl.DateTimeFormat(lang(), { dateStyle: "short", timeStyle: "medium", timeZone: CHINA_TIME_ZONE, hour12: false }).format(new Date(ms));

/** the lengths a clip cut from the playback position may have: the seconds just watched (≤ 5 minutes) */
const CLIP_LENGTHS = [10, 20, 30, 60] as const;

interface Shown {
  id: string;
  cameraId: string;
  cameraName: string;
  position: number;
  since: number;
  speed: number;
  paused: boolean;
}

/**
 * The playbacks running in the canteen's room (issue 19): each one's track `playback:<id>`, the recording's time
 * beside it (from the state the server announces on the `playback` topic) and the controls, for everyone in the room;
 * "截取片段" cuts the seconds just watched (up to the playback position) as an evidence clip — attached to the
 * inspection in progress, if any — and the camera's clips are listed below with a player.
 */
export function PlaybackPanel(props: { canteenId: string; live: LiveController; inspectionId?: () => string | null; attachTargets?: () => AttachTarget[] }) {
  // ids keep their place (the <video> of a playback is made once); the state of each changes beside them
  const [ids, setIds] = createSignal<string[]>([]);
  const [states, setStates] = createSignal<Record<string, Shown>>({});
  const [error, setError] = createSignal<unknown>();
  const [now, setNow] = createSignal(Date.now());
  const names = new Map<string, string>();
  /** each playback's oldest recording: a seek back stops there rather than being refused */
  const oldest = new Map<string, number>();
  // together: a playback's section never sees its id without its state
  const put = (s: Shown | null, id: string) =>
    batch(() => {
      setIds((list) => (s ? (list.includes(id) ? list : [...list, id]) : list.filter((x) => x !== id)));
      setStates((all) => {
        const next = { ...all };
        if (s) next[id] = s;
        else delete next[id];
        return next;
      });
    });

  /** the running ones with their cameras' names (at first, and for one announced that is not known here yet) */
  const refresh = () =>
    void canteenPlaybacks(props.canteenId)
      .then((r) => {
        for (const p of r.items) {
          names.set(p.id, p.cameraName);
          if (p.oldest) oldest.set(p.id, Date.parse(p.oldest));
          put({ id: p.id, cameraId: p.cameraId, cameraName: p.cameraName, position: Date.parse(p.position), since: Date.parse(p.since), speed: p.speed, paused: p.paused }, p.id);
        }
      })
      .catch(setError);
  onMount(() => {
    refresh();
    const timer = setInterval(() => setNow(Date.now()), 500);
    onCleanup(() => clearInterval(timer));
  });
  onCleanup(
    props.live.onData("playback", (payload, from) => {
      const parsed = parseMessage("playback", payload, from === undefined ? "server" : "browser");
      if (!parsed.ok) return;
      const m = parsed.message;
      if (!m.ended && !names.has(m.id)) refresh();
      put(m.ended ? null : { id: m.id, cameraId: m.cameraId, cameraName: names.get(m.id) ?? states()[m.id]?.cameraName ?? "", position: m.position, since: m.since, speed: m.speed, paused: m.paused }, m.id);
    }),
  );

  const [clipLength, setClipLength] = createSignal<number>(20);
  const [clipsAsked, setClipsAsked] = createSignal(0);
  const [asked, setAsked] = createSignal(false);
  /** the `seconds` of recording up to `at` (the playback's position), attached to the inspection in progress */
  const cut = (cameraId: string, at: number) => {
    setError(undefined);
    setAsked(false);
    const inspectionId = props.inspectionId?.() ?? null;
    requestClip({ cameraId, start: new Date(at - clipLength() * 1000).toISOString(), end: new Date(at).toISOString(), ...(inspectionId ? { attach: { targetType: "inspection" as const, targetId: inspectionId } } : {}) })
      .then(() => {
        setAsked(true);
        setClipsAsked((n) => n + 1);
      })
      .catch(setError);
  };

  const act = (id: string, body: Parameters<typeof controlPlayback>[1]) => {
    setError(undefined);
    controlPlayback(id, body).catch(setError);
  };

  return (
    <Show when={ids().length}>
      <div class="playback-panel" data-testid="playback-panel">
        <ErrorBanner error={error()} />
        <For each={ids()}>
          {(id) => {
            let video!: HTMLVideoElement;
            onMount(() => {
              video.muted = true;
              onCleanup(props.live.attachCamera(`playback:${id}`, video));
            });
            const p = () => states()[id] ?? { id, cameraId: "", cameraName: "", position: 0, since: 0, speed: 1, paused: true };
            const at = () => (states()[id] ? positionAt(p(), now()) : 0);
            return (
              <section class="card playback" data-testid="playback" data-playback-id={id}>
                <h2>{t("record.playback.title", { camera: p().cameraName })}</h2>
                <video ref={video} muted autoplay playsinline class="playback-video" />
                <p data-testid="playback-time" data-at={String(Math.round(at()))}>
                  {t("record.playback.time", { time: recordedAt(at()) })}
                </p>
                <div class="actions">
                  <button type="button" class="button-large" data-testid="playback-toggle" onClick={() => act(id, { action: p().paused ? "resume" : "pause" })}>
                    {t(p().paused ? "record.playback.resume" : "record.playback.pause")}
                  </button>
                  <button type="button" class="button-large" data-testid="playback-back" onClick={() => act(id, { action: "seek", at: new Date(Math.max(at() - 30_000, oldest.get(id) ?? 0)).toISOString() })}>
                    {t("record.playback.back30")}
                  </button>
                  <For each={[...SPEEDS]}>
                    {(s) => (
                      <button type="button" class="button-large" data-testid={`playback-speed-${s}`} aria-pressed={p().speed === s} onClick={() => act(id, { action: "speed", speed: s })}>
                        {t("record.playback.speed", { speed: String(s) })}
                      </button>
                    )}
                  </For>
                  <button type="button" class="button-large" data-testid="playback-stop" onClick={() => act(id, { action: "stop" })}>
                    {t("record.playback.stop")}
                  </button>
                </div>
                <div class="playback-clip">
                  <label>
                    {t("record.clip.length")}{" "}
                    <select data-testid="clip-length" value={String(clipLength())} onChange={(e) => setClipLength(Number(e.currentTarget.value))}>
                      <For each={[...CLIP_LENGTHS]}>{(n) => <option value={String(n)}>{t("record.clip.lengthOption", { n: String(n) })}</option>}</For>
                    </select>
                  </label>
                  <button type="button" class="button-large" data-testid="clip-cut" disabled={!p().cameraId} onClick={() => cut(p().cameraId, Math.round(at()))}>
                    {t("record.clip.cut")}
                  </button>
                  <Show when={asked()}>
                    <span class="muted" data-testid="clip-asked">{t("record.clip.asked")}</span>
                  </Show>
                </div>
                <Show when={p().cameraId}>{(cameraId) => <ClipList query={{ cameraId: cameraId() }} refresh={clipsAsked()} attachTargets={props.attachTargets} />}</Show>
              </section>
            );
          }}
        </For>
      </div>
    </Show>
  );
}
