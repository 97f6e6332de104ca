import { createSignal, Show } from "solid-js";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { type Point, pictureBox, regionOf } from "./region.ts";
import type { ZoomStore } from "./zoomStore.ts";
import "./zoom.css";

/**
 * 数字变焦 on the enlarged camera (issue 17): "数字变焦", then drag (mouse or finger) over the part to read; the camera's
 * gateway crops it from the source picture at full resolution and the crop opens over the picture with its pixel
 * size, to be kept as evidence if wanted. What it shows lives in the page's ZoomStore.
 */
export function ZoomOverlay(props: { store: ZoomStore; cameraId: string; cameraName: string; focused: boolean }) {
  let root!: HTMLDivElement;
  const s = props.store;
  const [drag, setDrag] = createSignal<{ a: Point; b: Point } | null>(null);
  const mine = <T extends { cameraId: string }>(v: T | null) => (v && v.cameraId === props.cameraId ? v : null);
  const point = (e: PointerEvent): Point => ({ x: e.clientX, y: e.clientY });

  const finish = (a: Point, b: Point) => {
    const v = root.closest(".tile")?.querySelector("video");
    if (!v || !v.videoWidth) return;
    // the bars beside a letterboxed picture are not part of it: the region is in fractions of the picture
    const region = regionOf(pictureBox(v.getBoundingClientRect(), v.videoWidth, v.videoHeight), a, b);
    if (region) s.ask(props.cameraId, region);
  };
  const box = () => {
    const d = drag();
    if (!d) return undefined;
    const r = root.getBoundingClientRect();
    return { left: `${Math.min(d.a.x, d.b.x) - r.left}px`, top: `${Math.min(d.a.y, d.b.y) - r.top}px`, width: `${Math.abs(d.b.x - d.a.x)}px`, height: `${Math.abs(d.b.y - d.a.y)}px` };
  };
  // clicks on the zoom's own controls must not enlarge or shrink the tile under them
  const stop = (e: Event) => e.stopPropagation();

  return (
    <div class="zoom-overlay" ref={root} data-testid="zoom-overlay" data-camera-id={props.cameraId} onClick={stop} onKeyDown={stop}>
      <Show when={props.focused}>
        <Show when={s.drawingOn() === props.cameraId}>
          <div
            class="zoom-draw"
            data-testid="zoom-draw"
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture?.(e.pointerId);
              setDrag({ a: point(e), b: point(e) });
            }}
            onPointerMove={(e) => drag() && setDrag({ a: drag()!.a, b: point(e) })}
            onPointerUp={(e) => {
              const d = drag();
              setDrag(null);
              if (d) finish(d.a, point(e));
            }}
          >
            <p class="zoom-hint">{t("zoom.hint")}</p>
            <Show when={box()}>{(style) => <div class="zoom-box" style={style()} />}</Show>
          </div>
        </Show>
        <button type="button" class="zoom-start" data-testid="zoom-start" aria-pressed={s.drawingOn() === props.cameraId} onClick={() => s.toggleDrawing(props.cameraId)}>
          {s.drawingOn() === props.cameraId ? t("zoom.cancel") : t("zoom.start")}
        </button>
        <Show when={mine(s.pending())}>
          <p class="zoom-status" role="status" data-testid="zoom-pending">
            {t("zoom.pending")}
          </p>
        </Show>
        <Show when={mine(s.failed()) || mine(s.error())}>
          <div class="zoom-status" data-testid="zoom-failed">
            <ErrorBanner error={mine(s.error())?.error} />
            <Show when={mine(s.failed())}>{(f) => <p class="error" role="alert">{t("zoom.failed", { error: f().text })}</p>}</Show>
          </div>
        </Show>
        <Show when={mine(s.zoom())}>
          {(z) => (
            <section class="zoom-panel" data-testid="zoom-panel" data-width={z().crop.width} data-height={z().crop.height}>
              <h3>{t("zoom.title", { camera: props.cameraName })}</h3>
              <img src={z().imageUrl!} alt={t("zoom.image", { camera: props.cameraName })} data-testid="zoom-image" draggable={false} />
              <p class="muted" data-testid="zoom-size">
                {t("zoom.size", { width: z().crop.width, height: z().crop.height })} · {t("zoom.of", { width: z().source.width, height: z().source.height })}
              </p>
              <Show when={s.saved()}>
                <p role="status" data-testid="zoom-saved">
                  {t("zoom.saved")}
                </p>
              </Show>
              <div class="zoom-actions">
                <button type="button" data-testid="zoom-save" disabled={s.saved()} onClick={() => s.save()}>
                  {t("zoom.save")}
                </button>
                <button type="button" data-testid="zoom-close" onClick={() => s.close()}>
                  {t("zoom.close")}
                </button>
              </div>
            </section>
          )}
        </Show>
      </Show>
    </div>
  );
}
