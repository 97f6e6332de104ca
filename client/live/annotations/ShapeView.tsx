import { Match, Switch } from "solid-js";
import { arrowHead, pathData, type Shape } from "./geometry.ts";

/**
 * One shape in the layer's SVG (viewBox 0 0 1 1, stretched over the picture): lines keep their pixel
 * width whatever the stretch (non-scaling-stroke); text labels are drawn in HTML by the layer instead,
 * since SVG text would be stretched with the picture.
 */
export function ShapeView(props: { shape: Shape; colour: string; size: { width: number; height: number }; dashed?: boolean }) {
  const common = () => ({
    stroke: props.colour,
    fill: "none",
    "stroke-width": 3,
    "vector-effect": "non-scaling-stroke" as const,
    "stroke-linecap": "round" as const,
    "stroke-linejoin": "round" as const,
    "stroke-dasharray": props.dashed ? "6 4" : undefined,
  });
  return (
    <Switch>
      <Match when={props.shape.kind === "rect" && props.shape}>{(s) => <rect x={s().x} y={s().y} width={s().w} height={s().h} {...common()} />}</Match>
      <Match when={props.shape.kind === "arrow" && props.shape}>
        {(s) => {
          const head = () => arrowHead(s().from, s().to, props.size.width, props.size.height);
          return <path d={`${pathData([s().from, s().to])} ${pathData([head()[0], s().to, head()[1]])}`} {...common()} />;
        }}
      </Match>
      <Match when={props.shape.kind === "stroke" && props.shape}>{(s) => <path d={pathData(s().points)} {...common()} />}</Match>
    </Switch>
  );
}
