import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { createResource, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { recordingDay, startPlayback } from "../../api/record.ts";
import { isMissing, settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { NotFound } from "../../components/NotFound.tsx";
import { formatTime, inspectionKindLabel, type MessageKey, t } from "../../i18n/index.ts";
import type { Inspection } from "../../types.ts";
import { barInstant, barPlace, chinaDay, cursorKey, dayTime, pickerDays, stepDay } from "./timeline.ts";
import "./record.css";
import { ClipList } from "./ClipList.tsx";

const HOURS = [0, 3, 6, 9, 12, 15, 18, 21, 24];

/** The reason a gap is recorded with, in words (unknown reasons are shown as sent). */
function gapReason(reason: string): string {
  if (reason === "gateway_killed") return t("record.gap.gateway_killed");
  if (reason === "gateway_stopped") return t("record.gap.gateway_stopped");
  if (reason.startsWith("camera_stream_lost")) return t("record.gap.camera_stream_lost");
  return reason;
}

/** A marker in words: what kind, and which. */
function markerText(m: { kind: "alert" | "inspection" | "order"; label: string }): string {
  if (m.kind === "alert") return `${t("record.marker.alert")} · ${t(`alert.type.${m.label}` as MessageKey)}`;
  if (m.kind === "inspection") return `${t("record.marker.inspection")} · ${inspectionKindLabel(m.label as Inspection["kind"])}`;
  return `${t("record.marker.order")} · ${m.label}`;
}

/** A gap's length in words: seconds, minutes or hours. */
function gapLength(start: string, end: string): string {
  const s = Math.max(1, Math.round((Date.parse(end) - Date.parse(start)) / 1000));
  if (s < 120) return t("record.seconds", { n: s });
  if (s < 7200) return t("record.minutes", { n: Math.round(s / 60) });
  return t("record.hours", { n: (s / 3600).toFixed(1) });
}

/**
 * /cameras/:id/recordings?day=YYYY-MM-DD — a camera's day on the school's gateway: the recorded share
 * (录像完整率), a 24-hour bar of what is recorded and the gaps with their reasons, a day picker over the days a
 * gateway keeps (← → step a day on desktop).
 */
export function RecordingsPage() {
  const params = useParams<{ id: string }>();
  const [search, setSearch] = useSearchParams<{ day?: string }>();
  const today = chinaDay(Date.now());
  const day = () => search.day ?? today;
  const [data] = createResource(() => ({ id: params.id, day: day() }), (k) => recordingDay(k.id, { day: k.day }));
  const days = () => pickerDays(Date.now(), data.latest?.retentionDays ?? 7);
  const go = (d: string) => setSearch({ day: d === today ? undefined : d });
  const navigate = useNavigate();
  const [playError, setPlayError] = createSignal<unknown>();
  const [time, setTime] = createSignal("");
  /** click to play: the playback runs in the canteen's room, for everyone there (issue 19) */
  const playFrom = (at: number | null) => {
    if (at === null) return;
    setPlayError(undefined);
    startPlayback({ cameraId: params.id, at: new Date(at).toISOString() }).then((p) => navigate(`/live/${encodeURIComponent(p.canteenId)}`), setPlayError);
  };
  /** the bar's keyboard cursor (desktop): null until moved, then shown on the bar; Enter plays from it */
  const [cursor, setCursor] = createSignal<number | null>(null);
  const onBarKey = (e: KeyboardEvent, d: { day: string; recorded: Array<{ start: string; end: string }> }) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      return playFrom(cursor() ?? barInstant(d.day, 1, Date.now()));
    }
    const ends = { first: Date.parse(d.recorded[0]?.start ?? "") || Date.now(), last: Date.parse(d.recorded.at(-1)?.end ?? "") || Date.now() };
    // the cursor starts a minute before the last recorded instant: "just now" is what a patrol looks at first
    const next = cursorKey(d.day, cursor() ?? ends.last - 60_000, e.key, e.shiftKey, ends, Date.now());
    if (next === null) return;
    e.preventDefault();
    setCursor(next);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
    // on the bar the arrows move its cursor, not the day
    if (e.target instanceof HTMLElement && e.target.dataset.testid === "record-bar") return;
    if (e.key === "ArrowLeft") go(stepDay(days(), day(), -1));
    if (e.key === "ArrowRight") go(stepDay(days(), day(), 1));
  };
  onMount(() => window.addEventListener("keydown", onKey));
  onCleanup(() => window.removeEventListener("keydown", onKey));
  return (
    <Show when={!isMissing(data.error)} fallback={<NotFound />}>
      <main class="page recordings-page" data-testid="recordings-page">
        <div class="page-head">
          <h1>
            {t("record.title")}
            <Show when={data.latest}>{(d) => <span class="muted"> · {d().cameraName}</span>}</Show>
          </h1>
        </div>
        <div class="record-days" role="group" aria-label={t("record.pickDay")}>
          <button type="button" class="button-large" data-testid="record-prev" disabled={day() === days().at(-1)} onClick={() => go(stepDay(days(), day(), -1))} aria-label={t("record.prevDay")}>
            ‹
          </button>
          <select data-testid="record-day" value={day()} onChange={(e) => go(e.currentTarget.value)} aria-label={t("record.pickDay")}>
            <For each={days()}>{(d) => <option value={d}>{d === today ? t("record.today", { day: d }) : d}</option>}</For>
          </select>
          <button type="button" class="button-large" data-testid="record-next" disabled={day() === today} onClick={() => go(stepDay(days(), day(), 1))} aria-label={t("record.nextDay")}>
            ›
          </button>
        </div>
        <ErrorBanner error={data.error} />
        <Show when={!data.error && !data.latest}>
          <p class="muted">{t("common.loading")}</p>
        </Show>
        <Show when={settled(data)}>
          {(d) => (
            <section class="card">
              <p data-testid="record-share">
                <strong>{t("record.share", { share: (d().share * 100).toFixed(1) })}</strong>
                <Show when={d().lastAnchorAt} fallback={<span class="muted"> · {t("record.noAnchor")}</span>}>
                  {(at) => <span class="muted"> · {t("record.lastAnchor", { time: formatTime(at()) })}</span>}
                </Show>
              </p>
              <Show when={d().video}>
                {(v) => (
                  <p class={v().playable ? "muted" : "error-banner"} data-testid="record-video" data-playable={String(v().playable)}>
                    {t("record.video", { codec: v().codec.toUpperCase(), size: `${v().width}×${v().height}` })}
                    <Show when={!v().playable}> {t("record.notPlayable")}</Show>
                  </p>
                )}
              </Show>
              <div class="record-marks" aria-hidden="true">
                <For each={d().markers}>{(m) => <span class={`record-mark record-mark-${m.kind}`} data-testid="record-bar-mark" data-kind={m.kind} data-id={m.id} title={markerText(m)} style={{ left: `${barPlace(d().day, m.at, m.at).left}%` }} />}</For>
              </div>
              <div
                class="record-bar"
                data-testid="record-bar"
                role="slider"
                tabindex="0"
                aria-label={`${t("record.barLabel", { share: (d().share * 100).toFixed(1) })} · ${t("record.barKeys")}`}
                aria-valuemin={0}
                aria-valuemax={86_399}
                aria-valuenow={cursor() === null ? undefined : Math.round((cursor()! - barInstant(d().day, 0, Infinity)) / 1000)}
                aria-valuetext={cursor() === null ? undefined : formatTime(new Date(cursor()!).toISOString())}
                data-cursor={cursor() ?? undefined}
                onKeyDown={(e) => onBarKey(e, d())}
                onClick={(e) => {
                  const r = e.currentTarget.getBoundingClientRect();
                  playFrom(barInstant(d().day, (e.clientX - r.left) / r.width, Date.now()));
                }}
              >
                <For each={d().recorded}>{(s) => <span class="record-span" data-testid="record-span" style={{ left: `${barPlace(d().day, s.start, s.end).left}%`, width: `${barPlace(d().day, s.start, s.end).width}%` }} />}</For>
                <For each={d().gaps}>{(g) => <span class="record-gap" data-testid="record-gap-mark" title={gapReason(g.reason)} style={{ left: `${barPlace(d().day, g.start, g.end).left}%`, width: `max(2px, ${barPlace(d().day, g.start, g.end).width}%)` }} />}</For>
                <Show when={cursor()}>{(at) => <span class="record-cursor" data-testid="record-cursor" style={{ left: `${barPlace(d().day, new Date(at()).toISOString(), new Date(at()).toISOString()).left}%` }} />}</Show>
              </div>
              <div class="record-hours" aria-hidden="true">
                <For each={HOURS}>{(h) => <span style={{ left: `${(h / 24) * 100}%` }}>{`${String(h).padStart(2, "0")}:00`}</span>}</For>
              </div>
              <form class="record-play" onSubmit={(e) => (e.preventDefault(), playFrom(dayTime(d().day, time())))}>
                <input type="time" step="1" required data-testid="record-play-time" aria-label={t("record.playback.play")} value={time()} onInput={(e) => setTime(e.currentTarget.value)} />
                <button type="submit" class="button-large" data-testid="record-play">
                  {t("record.playback.play")}
                </button>
              </form>
              <ErrorBanner error={playError()} />
              <Show when={d().markers.length}>
                <h2>{t("record.markers")}</h2>
                <ul class="record-marker-list">
                  <For each={d().markers}>
                    {(m) => (
                      <li data-testid="record-marker" data-kind={m.kind}>
                        <span class={`record-dot record-mark-${m.kind}`} /> {formatTime(m.at)} ·{" "}
                        <Show when={m.kind !== "inspection"} fallback={markerText(m)}>
                          <A href={m.kind === "order" ? `/orders/${encodeURIComponent(m.id)}` : "/alerts"}>{markerText(m)}</A>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <ClipList query={{ cameraId: d().cameraId }} />
              <h2>{t("record.gaps")}</h2>
              <Show when={d().gaps.length} fallback={<p class="muted" data-testid="record-no-gaps">{d().recorded.length ? t("record.noGaps") : t("record.nothing")}</p>}>
                <ul class="record-gap-list">
                  <For each={d().gaps}>
                    {(g) => (
                      <li data-testid="record-gap">
                        {formatTime(g.start)} · {t("record.gapLength", { length: gapLength(g.start, g.end) })} · {gapReason(g.reason)}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </section>
          )}
        </Show>
      </main>
    </Show>
  );
}
