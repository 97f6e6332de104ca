import { createSignal, For, Show } from "solid-js";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, type MessageKey, t } from "../../i18n/index.ts";
import type { AnnotationRoom } from "./annotationRoom.ts";
import { AnnotationLayer } from "./AnnotationLayer.tsx";
import { TOOLS, type Tool } from "./geometry.ts";

const TOOL_LABEL: Record<Tool, MessageKey> = { rect: "annot.tool.rect", arrow: "annot.tool.arrow", stroke: "annot.tool.stroke", text: "annot.tool.text" };

/** The open frozen frame: the picture, the shared layer over it, the tools, undo, and who froze it when. */
export function SnapshotViewer(props: { room: AnnotationRoom; canDraw: boolean; nameOf: (identity: string) => string; onClose: () => void }) {
  const [tool, setTool] = createSignal<Tool>("rect");
  return (
    <Show when={props.room.snapshot()}>
      {(snap) => (
        <section class="card snapshot-viewer" data-testid="snapshot-viewer" data-snapshot-id={snap().id} data-loaded={props.room.loaded() ? "true" : "false"}>
          <div class="snapshot-head">
            <strong>{t("annot.frozen", { camera: snap().cameraName })}</strong>
            <span class="muted small">{t("annot.frozenBy", { name: snap().takenBy.displayName, time: formatTime(snap().takenAt) })}</span>
            <Show when={props.canDraw}>
              <button type="button" class="button-quiet" data-testid="snapshot-show-all" title={t("annot.showAllHint")} onClick={() => void props.room.showToEveryone()}>
                {t("annot.showAll")}
              </button>
            </Show>
            <button type="button" class="button-quiet" data-testid="snapshot-close" onClick={() => props.onClose()}>
              {t("annot.close")}
            </button>
          </div>
          <ErrorBanner error={props.room.error()} />
          <Show when={props.canDraw}>
            <div class="annot-tools" role="toolbar" aria-label={t("annot.tools")}>
              <For each={TOOLS}>
                {(k) => (
                  <button type="button" data-testid={`tool-${k}`} aria-pressed={tool() === k} classList={{ active: tool() === k }} onClick={() => setTool(k)}>
                    {t(TOOL_LABEL[k])}
                  </button>
                )}
              </For>
              <button type="button" data-testid="annot-undo" disabled={!props.room.canUndo()} onClick={() => void props.room.undo()}>
                {t("annot.undo")}
              </button>
            </div>
          </Show>
          <div class="snapshot-frame" style={{ "aspect-ratio": `${snap().width} / ${snap().height}` }}>
            <img src={snap().imageUrl} alt={t("annot.frozen", { camera: snap().cameraName })} data-testid="snapshot-image" draggable={false} />
            <AnnotationLayer room={props.room} tool={tool()} canDraw={props.canDraw} nameOf={props.nameOf} />
          </div>
        </section>
      )}
    </Show>
  );
}
