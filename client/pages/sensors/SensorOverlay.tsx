import { createResource, For, Show } from "solid-js";
import { sensorSeries, type SensorView } from "../../api/sensors.ts";
import { formatTime, t } from "../../i18n/index.ts";
import { sparklinePoints } from "./sparkline.ts";
import type { SensorStore } from "./sensorStore.ts";

/** What a reading says in a few characters: 4.2 °C · 61 %, or 开/关 for a lamp or cabinet. */
export function readingText(s: SensorView): string {
  const r = s.latest;
  if (!r) return t("sensor.noReading");
  const parts: string[] = [];
  if (r.temperatureC !== null) parts.push(`${r.temperatureC.toFixed(1)} °C`);
  if (r.humidityPct !== null) parts.push(`${Math.round(r.humidityPct)} %`);
  if (r.on !== null) parts.push(t(r.on ? "sensor.on" : "sensor.off"));
  return parts.join(" · ");
}

/** A temperature beyond the sensor's thresholds (drawn red on the picture). */
export const outOfBand = (s: SensorView) => {
  const c = s.latest?.temperatureC;
  if (c == null) return false;
  return (s.thresholds.maxC !== null && c > s.thresholds.maxC) || (s.thresholds.minC !== null && c < s.thresholds.minC);
};

/** The last 6 hours of one sensor as a small line (enlarged tile only). */
function SensorChart(props: { sensor: SensorView }) {
  const [series] = createResource(() => props.sensor.id, (id) => sensorSeries(id));
  const points = () => sparklinePoints((series()?.readings ?? []).map((r) => r.temperatureC), 120, 28);
  return (
    <Show when={!series.error} fallback={<small class="sensor-chart-error">{t("sensor.chartFailed")}</small>}>
      <Show when={points()}>
        {(p) => (
          <svg class="sensor-chart" data-testid="sensor-chart" viewBox="0 0 120 28" width="120" height="28" role="img" aria-label={t("sensor.chart", { name: props.sensor.name })}>
            <polyline points={p()} fill="none" stroke="currentColor" stroke-width="1.5" />
          </svg>
        )}
      </Show>
    </Show>
  );
}

/**
 * The sensors beside a camera, drawn on its picture (top right): name and current value, red when out of range or
 * with an open alert; the enlarged tile adds each one's 6-hour chart.
 */
export function SensorOverlay(props: { store: SensorStore; cameraId: string; focused: boolean }) {
  const sensors = () => props.store.beside(props.cameraId);
  return (
    <Show when={sensors().length > 0}>
      <ul class="sensor-overlay" data-testid="sensor-overlay" classList={{ stale: props.store.failed() }}>
        <For each={sensors()}>
          {(s) => (
            <li class="sensor-chip" classList={{ alarm: outOfBand(s) || s.alertId !== null }} data-testid="sensor-chip" data-sensor-id={s.id} title={s.latest ? t("sensor.at", { time: formatTime(s.latest.at) }) : undefined}>
              <span class="sensor-name">{s.name}</span>
              <span class="sensor-value" data-testid="sensor-value">
                {readingText(s)}
              </span>
              <Show when={props.focused}>
                <SensorChart sensor={s} />
              </Show>
            </li>
          )}
        </For>
        <Show when={props.store.failed()}>
          <li class="sensor-stale">{t("sensor.stale")}</li>
        </Show>
      </ul>
    </Show>
  );
}
