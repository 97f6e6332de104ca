import { createEffect, onCleanup, onMount } from "solid-js";
import type { OverviewRowView } from "../../api/overview.ts";
import { t } from "../../i18n/index.ts";

/**
 * The period's online rate of each row as an ECharts bar chart, loaded with the page (echarts/core with the bar
 * chart and the canvas renderer only, so the bundle carries what it draws). Resizes with its box (phones).
 */
export function RateChart(props: { rows: OverviewRowView[] }) {
  let box!: HTMLDivElement;
  let chart: { setOption: (o: unknown) => void; resize: () => void; dispose: () => void } | undefined;
  let observer: ResizeObserver | undefined;
  const option = () => ({
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", valueFormatter: (v: number) => `${v}%` },
    xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: props.rows.map((r) => r.name), axisLabel: { width: 96, overflow: "truncate" } },
    series: [{ type: "bar", name: t("overview.col.onlinePeriod"), data: props.rows.map((r) => r.online.period.percent ?? 0), label: { show: true, position: "right", formatter: "{c}%" }, itemStyle: { color: "#1b7f3b" } }],
  });
  onMount(async () => {
    try {
      const [core, charts, components, renderers] = await Promise.all([import("echarts/core"), import("echarts/charts"), import("echarts/components"), import("echarts/renderers")]);
      core.use([charts.BarChart, components.GridComponent, components.TooltipComponent, renderers.CanvasRenderer]);
      if (!box.isConnected) return;
      chart = core.init(box);
      chart.setOption(option());
      observer = new ResizeObserver(() => chart?.resize());
      observer.observe(box);
    } catch {
      // no canvas (or the chunk failed to load): the table below carries the same figures
      box.hidden = true;
    }
  });
  createEffect(() => {
    const next = option();
    chart?.setOption(next);
  });
  // registered before the await above: cleanups after it would have no owner
  onCleanup(() => {
    observer?.disconnect();
    chart?.dispose();
    chart = undefined;
  });
  return (
    <figure class="overview-chart" data-testid="overview-chart">
      <figcaption>{t("overview.chart")}</figcaption>
      <div ref={box} style={{ height: `${Math.max(160, props.rows.length * 34 + 40)}px`, width: "100%" }} />
    </figure>
  );
}
