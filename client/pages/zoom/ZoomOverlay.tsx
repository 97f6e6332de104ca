import { createSignal, onCleanup, Show } from "solid-js";
import { getZoom, requestZoom, saveZoom } from "../../api/zoom.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import type { LiveController } from "../../live/types.ts";
import { parseMessage } from "../../../server/bus/parse.ts";
import type { Snapshot } from "../../../server/snapshots/contracts.ts";
import { type Zoom, ZOOM_TIMEOUT_MS } from "../../../server/zoom/contracts.ts";
import { type Point, pictureBox, regionOf } from "./region.ts";
import "./zoom.css";

/**
 * 数字变焦 on the enlarged camera (issue 17): "数字变焦", then drag (mouse or finger) over the part to read; the camera's
 * gateway crops it from the source picture at full resolution and the crop opens over the picture with its pixel
 * size. It may be kept as evidence (a snapshot the room opens). Only the requester sees the crop (`zoom.done` is
 * addressed to them); a gateway that never answers is asked once more after the API's timeout, then it says so.
 */
export function ZoomOverlay(props: { cameraId: string; cameraName: string; focused: boolean; live: LiveController; inspectionId: () => string | null; onSaved?: (s: Snapshot) => void }) {
  let root!: HTMLDivElement;
  const [drawing, setDrawing] = createSignal(false);
  const [drag, setDrag] = createSignal<{ a: Point; b: Point } | null>(null);
  const [pending, setPending] = createSignal<string | null>(null);
  const [zoom, setZoom] = createSignal<Zoom | null>(null);
  const [error, setError] = createSignal<unknown>();
  const [failed, setFailed] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);
  /** answers heard before our POST answered with the zoom's id (the bus may be quicker than HTTP) */
  const early = new Map<string, Zoom>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const done = (z: Zoom) => {
    if (z.id !== pending()) return;
    clearTimeout(timer);
    setPending(null);
    if (z.status === "ready") setZoom(z);
    else setFailed(z.error ?? t("zoom.noAnswer"));
  };
  onCleanup(() => clearTimeout(timer));
  onCleanup(
    props.live.onData("zoom", (payload, from) => {
      const parsed = parseMessage("zoom", payload, from === undefined ? "server" : "browser");
      if (!parsed.ok || parsed.message.type !== "zoom.done" || parsed.message.zoom.cameraId !== props.cameraId) return;
      const z = parsed.message.zoom;
      if (z.id === pending()) done(z);
      else if (early.set(z.id, z).size > 20) early.delete(early.keys().next().value!);
    }),
  );

  const video = () => root.closest(".tile")?.querySelector("video") ?? null;
  const local = (e: PointerEvent): Point => ({ x: e.clientX, y: e.clientY });
  const ask = (a: Point, b: Point) => {
    const v = video();
    if (!v || !v.videoWidth) return;
    const region = regionOf(pictureBox(v.getBoundingClientRect(), v.videoWidth, v.videoHeight), a, b);
    if (!region) return;
    setDrawing(false);
    setError(undefined);
    setFailed(null);
    setZoom(null);
    setSaved(false);
    const inspectionId = props.inspectionId();
    requestZoom(props.cameraId, { ...region, ...(inspectionId ? { inspectionId } : {}) })
      .then((z) => {
        setPending(z.id);
        if (early.has(z.id)) return done(early.get(z.id)!);
        // the message may be lost (a reconnect): the record says what happened
        timer = setTimeout(() => void getZoom(z.id).then((r) => done(r.status === "pending" ? { ...r, status: "failed", error: null } : r), setError), ZOOM_TIMEOUT_MS + 2000);
      })
      .catch(setError);
  };
  const save = () => {
    const z = zoom();
    if (!z) return;
    saveZoom(z.id)
      .then((s) => {
        setSaved(true);
        props.onSaved?.(s);
      })
      .catch(setError);
  };
  const stop = (e: Event) => e.stopPropagation();
  const box = () => {
    const d = drag();
    if (!d) return undefined;
    const r = root.getBoundingClientRect();
    return { left: `${Math.min(d.a.x, d.b.x) - r.left}px`, top: `${Math.min(d.a.y, d.b.y) - r.top}px`, width: `${Math.abs(d.b.x - d.a.x)}px`, height: `${Math.abs(d.b.y - d.a.y)}px` };
  };

  return (
    <div class="zoom-overlay" ref={root} data-testid="zoom-overlay" data-camera-id={props.cameraId} onClick={stop} onKeyDown={stop}>
      <Show when={props.focused}>
        <Show when={drawing()}>
          <div
            class="zoom-draw"
            data-testid="zoom-draw"
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture?.(e.pointerId);
              setDrag({ a: local(e), b: local(e) });
            }}
            onPointerMove={(e) => drag() && setDrag({ a: drag()!.a, b: local(e) })}
            onPointerUp={(e) => {
              const d = drag();
              setDrag(null);
              if (d) ask(d.a, local(e));
            }}
          >
            <p class="zoom-hint">{t("zoom.hint")}</p>
            <Show when={box()}>{(style) => <div class="zoom-box" style={style()} />}</Show>
          </div>
        </Show>
        <button type="button" class="zoom-start" data-testid="zoom-start" aria-pressed={drawing()} onClick={() => setDrawing(!drawing())}>
          {drawing() ? t("zoom.cancel") : t("zoom.start")}
        </button>
        <Show when={pending()}>
          <p class="zoom-status" role="status" data-testid="zoom-pending">{t("zoom.pending")}</p>
        </Show>
        <Show when={failed() !== null || error()}>
          <div class="zoom-status" data-testid="zoom-failed">
            <ErrorBanner error={error()} />
            <Show when={failed() !== null}>
              <p class="error" role="alert">{t("zoom.failed", { error: failed() || t("zoom.noAnswer") })}</p>
            </Show>
          </div>
        </Show>
        <Show when={zoom()}>
          {(z) => (
            <section class="zoom-panel" data-testid="zoom-panel" data-width={z().crop.width} data-height={z().crop.height}>
              <h3>{t("zoom.title", { camera: props.cameraName })}</h3>
              <img src={z().imageUrl!} alt={t("zoom.image", { camera: props.cameraName })} data-testid="zoom-image" draggable={false} />
              <p class="muted" data-testid="zoom-size">
                {t("zoom.size", { width: z().crop.width, height: z().crop.height })} · {t("zoom.of", { width: z().source.width, height: z().source.height })}
              </p>
              <Show when={saved()}>
                <p role="status" data-testid="zoom-saved">{t("zoom.saved")}</p>
              </Show>
              <div class="zoom-actions">
                <button type="button" data-testid="zoom-save" disabled={saved()} onClick={save}>{t("zoom.save")}</button>
                <button type="button" data-testid="zoom-close" onClick={() => setZoom(null)}>{t("zoom.close")}</button>
              </div>
            </section>
          )}
        </Show>
      </Show>
    </div>
  );
}
