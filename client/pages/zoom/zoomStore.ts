import { createSignal, onCleanup } from "solid-js";
import { getZoom, requestZoom, saveZoom } from "../../api/zoom.ts";
import { t } from "../../i18n/index.ts";
import type { LiveController } from "../../live/types.ts";
import { parseMessage } from "../../../server/bus/parse.ts";
import type { Snapshot } from "../../../server/snapshots/contracts.ts";
import { type Zoom, ZOOM_TIMEOUT_MS } from "../../../server/zoom/contracts.ts";

export type ZoomStore = ReturnType<typeof createZoomStore>;

/**
 * The viewer's digital zoom in the live room (issue 17), one at a time, kept for the page (a camera tile redrawn
 * when the canteen refreshes keeps what it showed): which camera is being drawn on, the request waiting for its
 * gateway, the crop that came back (`zoom.done`, addressed to the requester, checked by the shared parser), or why
 * not. A gateway that never answers is asked once more after the API's timeout (the message may have been lost).
 */
export function createZoomStore(live: LiveController, inspectionId: () => string | null, onSaved?: (s: Snapshot) => void) {
  const [drawingOn, setDrawingOn] = createSignal<string | null>(null);
  const [pending, setPending] = createSignal<{ id: string | null; cameraId: string } | null>(null);
  const [zoom, setZoom] = createSignal<Zoom | null>(null);
  const [failed, setFailed] = createSignal<{ cameraId: string; text: string } | null>(null);
  const [error, setError] = createSignal<{ cameraId: string; error: unknown } | null>(null);
  const [saved, setSaved] = createSignal(false);
  /** answers heard before our POST answered with the zoom's id (the bus may be quicker than HTTP) */
  const early = new Map<string, Zoom>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const done = (z: Zoom) => {
    if (z.id !== pending()?.id) return;
    clearTimeout(timer);
    setPending(null);
    if (z.status === "ready") setZoom(z);
    else setFailed({ cameraId: z.cameraId, text: z.error || t("zoom.noAnswer") });
  };
  onCleanup(() => clearTimeout(timer));
  onCleanup(
    live.onData("zoom", (payload, from) => {
      const parsed = parseMessage("zoom", payload, from === undefined ? "server" : "browser");
      if (!parsed.ok || parsed.message.type !== "zoom.done") return;
      const z = parsed.message.zoom;
      if (z.id === pending()?.id) done(z);
      else if (early.set(z.id, z).size > 20) early.delete(early.keys().next().value!);
    }),
  );

  const reset = () => {
    setFailed(null);
    setError(null);
    setZoom(null);
    setSaved(false);
  };

  return {
    drawingOn,
    pending,
    zoom,
    failed,
    error,
    saved,
    toggleDrawing: (cameraId: string) => setDrawingOn((c) => (c === cameraId ? null : cameraId)),
    close: () => setZoom(null),
    /** asks the camera's gateway for a crop of the region (fractions of the picture) */
    ask(cameraId: string, region: { x: number; y: number; w: number; h: number }) {
      setDrawingOn(null);
      reset();
      setPending({ id: null, cameraId });
      const inspection = inspectionId();
      requestZoom(cameraId, { ...region, ...(inspection ? { inspectionId: inspection } : {}) })
        .then((z) => {
          setPending({ id: z.id, cameraId });
          if (early.has(z.id)) return done(early.get(z.id)!);
          timer = setTimeout(() => void getZoom(z.id).then((r) => done(r.status === "pending" ? { ...r, status: "failed", error: null } : r), (err) => setError({ cameraId, error: err })), ZOOM_TIMEOUT_MS + 2000);
        })
        .catch((err) => {
          setPending(null);
          setError({ cameraId, error: err });
        });
    },
    /** keeps the crop as evidence: a snapshot the whole room opens */
    save() {
      const z = zoom();
      if (!z) return;
      saveZoom(z.id).then(
        (s) => {
          setSaved(true);
          onSaved?.(s);
        },
        (err) => setError({ cameraId: z.cameraId, error: err }),
      );
    },
  };
}
