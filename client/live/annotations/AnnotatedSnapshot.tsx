import { createResource, For, Show } from "solid-js";
import { getAnnotations } from "../../api/snapshots.ts";
import { ShapeView } from "./ShapeView.tsx";

const pct = (v: number) => `${(v * 100).toFixed(3)}%`;

/** A frozen frame with its committed annotations, read-only (order pages, the print view). */
export function AnnotatedSnapshot(props: { snapshotId: string; imageUrl: string; alt: string }) {
  const [state] = createResource(
    () => props.snapshotId,
    getAnnotations,
  );
  // the arrow heads are sized for a typical figure; a read-only view need not track its own size
  const size = { width: 480, height: 270 };
  return (
    <figure class="annotated-snapshot" data-testid="annotated-snapshot" data-snapshot-id={props.snapshotId} data-count={state()?.items.length ?? ""}>
      <div class="snapshot-frame">
        <img src={props.imageUrl} alt={props.alt} loading="lazy" />
        <div class="annot-layer">
          <svg viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
            <For each={state()?.items ?? []}>
              {(a) => (
                <g data-testid="annotation" data-kind={a.shape.kind}>
                  <ShapeView shape={a.shape} colour={a.colour} size={size} />
                </g>
              )}
            </For>
          </svg>
          <For each={state()?.items ?? []}>
            {(a) => (
              <Show when={a.shape.kind === "text" && a.shape}>
                {(s) => (
                  <div class="annot-label" style={{ left: pct(s().at[0]), top: pct(s().at[1]), color: a.colour, "border-color": a.colour }}>
                    {s().text}
                  </div>
                )}
              </Show>
            )}
          </For>
        </div>
      </div>
    </figure>
  );
}
