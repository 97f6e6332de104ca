import { createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { authorColour } from "../../../server/snapshots/annotation-contracts.ts";
import { t } from "../../i18n/index.ts";
import type { AnnotationRoom } from "./annotationRoom.ts";
import { normalise, type Point, type Shape, type Tool } from "./geometry.ts";
import { ShapeView } from "./ShapeView.tsx";

const pct = (v: number) => `${(v * 100).toFixed(3)}%`;

/**
 * The shared drawing surface over a frozen frame: committed annotations, the others' drawings in progress
 * (dashed) and their cursors, and this viewer's own gesture. Pointer events (mouse, pen and touch alike)
 * become normalised points handed to the annotation room; `touch-action: none` keeps a finger drawing
 * instead of scrolling the page on a phone.
 */
export function AnnotationLayer(props: { room: AnnotationRoom; tool: Tool; canDraw: boolean; nameOf: (identity: string) => string }) {
  let surface!: HTMLDivElement;
  const [size, setSize] = createSignal({ width: 1, height: 1 });
  const [textAt, setTextAt] = createSignal<Point | null>(null);
  const [text, setText] = createSignal("");

  onMount(() => {
    const measure = () => setSize({ width: surface.clientWidth || 1, height: surface.clientHeight || 1 });
    measure();
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    observer?.observe(surface);
    onCleanup(() => observer?.disconnect());
  });

  const pointOf = (e: PointerEvent) => normalise(e.clientX, e.clientY, surface.getBoundingClientRect());

  function down(e: PointerEvent) {
    if (!props.canDraw || e.button > 0) return;
    e.preventDefault();
    const at = pointOf(e);
    if (props.tool === "text") {
      setTextAt(at);
      setText("");
      return;
    }
    surface.setPointerCapture?.(e.pointerId);
    props.room.begin(props.tool, at);
  }
  function move(e: PointerEvent) {
    const at = pointOf(e);
    props.room.pointer(at);
    if (props.room.mine()) props.room.extend(at);
  }
  function up(e: PointerEvent) {
    if (!props.room.mine()) return;
    props.room.extend(pointOf(e));
    props.room.end();
  }
  function submitText(e: SubmitEvent) {
    e.preventDefault();
    const at = textAt();
    if (at) props.room.placeText(at, text());
    setTextAt(null);
  }

  const myColour = () => authorColour(props.room.myId() ?? "");
  const myDrawing = (): Shape | null => {
    const g = props.room.mine();
    if (!g) return null;
    if (g.tool === "stroke") return g.points.length > 1 ? { kind: "stroke", points: g.points } : null;
    const [a, b] = [g.points[0], g.points[g.points.length - 1]];
    if (!a || !b || g.points.length < 2) return null;
    return g.tool === "rect"
      ? { kind: "rect", x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]), w: Math.abs(a[0] - b[0]), h: Math.abs(a[1] - b[1]) }
      : { kind: "arrow", from: a, to: b };
  };
  const label = (shape: Shape, colour: string, testid: string, extra: Record<string, string> = {}) =>
    shape.kind === "text" ? (
      <div class="annot-label" data-testid={testid} {...extra} style={{ left: pct(shape.at[0]), top: pct(shape.at[1]), "max-width": `min(60%, calc(${pct(1 - shape.at[0])} - 2px))`, color: colour, "border-color": colour }}>
        {shape.text}
      </div>
    ) : null;

  return (
    <div
      ref={surface}
      class="annot-layer"
      classList={{ drawing: props.canDraw }}
      data-testid="annotation-layer"
      data-version={props.room.version()}
      data-count={props.room.annotations().length}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={() => props.room.end()}
      onPointerLeave={() => props.room.pointer(null)}
    >
      <svg viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
        <For each={props.room.annotations()}>
          {(a) => (
            <g data-testid="annotation" data-id={a.id} data-kind={a.shape.kind} data-author={a.author.id}>
              <ShapeView shape={a.shape} colour={a.colour} size={size()} />
            </g>
          )}
        </For>
        <For each={props.room.pending()}>
          {(shape) => (
            <g data-testid="annotation-pending" data-kind={shape.kind}>
              <ShapeView shape={shape} colour={myColour()} size={size()} />
            </g>
          )}
        </For>
        <For each={props.room.drawings()}>
          {(d) => (
            <g data-testid="live-drawing" data-kind={d.shape.kind} data-author={d.authorId} data-points={d.shape.kind === "stroke" ? d.shape.points.length : undefined}>
              <ShapeView shape={d.shape} colour={authorColour(d.authorId)} size={size()} dashed />
            </g>
          )}
        </For>
        <Show when={myDrawing()}>{(shape) => <ShapeView shape={shape()} colour={myColour()} size={size()} />}</Show>
      </svg>
      <For each={props.room.annotations()}>{(a) => label(a.shape, a.colour, "annotation-text", { "data-id": a.id, "data-author": a.author.id })}</For>
      <For each={props.room.pending()}>{(shape) => label(shape, myColour(), "annotation-pending-text")}</For>
      <For each={props.room.drawings()}>{(d) => label(d.shape, authorColour(d.authorId), "live-drawing-text")}</For>
      <For each={props.room.cursors()}>
        {(c) => (
          <div
            class="annot-cursor"
            // the name tag opens towards the middle of the image, so it is never cut off at an edge
            classList={{ "tag-left": c.at[0] > 0.5, "tag-up": c.at[1] > 0.85 }}
            data-testid="live-cursor"
            data-author={c.authorId}
            style={{ left: pct(c.at[0]), top: pct(c.at[1]), "--colour": authorColour(c.authorId) }}
          >
            <span data-testid="live-cursor-name">{props.nameOf(c.authorId)}</span>
          </div>
        )}
      </For>
      <Show when={textAt()}>
        {(at) => (
          <form class="annot-text-form" style={{ left: pct(at()[0]), top: pct(at()[1]) }} onSubmit={submitText} onPointerDown={(e) => e.stopPropagation()}>
            <input
              data-testid="annot-text-input"
              aria-label={t("annot.textLabel")}
              placeholder={t("annot.textPlaceholder")}
              maxLength={200}
              value={text()}
              ref={(el) => queueMicrotask(() => el.focus())}
              onInput={(e) => setText(e.currentTarget.value)}
              onKeyDown={(e) => e.key === "Escape" && setTextAt(null)}
            />
            <button type="submit" data-testid="annot-text-ok">
              {t("annot.place")}
            </button>
          </form>
        )}
      </Show>
    </div>
  );
}
