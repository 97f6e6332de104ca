import { For, Show } from "solid-js";
import type { CameraRowView } from "../../api/overview.ts";
import { cameraStatusLabel, formatTime, t } from "../../i18n/index.ts";
import { pct, tone } from "./format.ts";

/** Cameras with their rate over the period and their offline windows (the list behind the online rate). */
export function CameraTable(props: { cameras: CameraRowView[]; title: string }) {
  return (
    <section class="overview-cameras">
      <h2>{props.title}</h2>
      <Show when={props.cameras.length > 0} fallback={<p class="empty">{t("overview.empty")}</p>}>
        <table class="table table-cards" data-testid="overview-cameras">
          <thead>
            <tr><th>{t("overview.col.camera")}</th><th>{t("overview.col.status")}</th><th>{t("overview.col.rate")}</th><th>{t("overview.col.windows")}</th></tr>
          </thead>
          <tbody>
            <For each={props.cameras}>
              {(c) => (
                <tr data-testid="overview-camera" data-camera-id={c.id} data-percent={c.percent ?? ""}>
                  <td data-label={t("overview.col.camera")}>{c.name}</td>
                  <td data-label={t("overview.col.status")}>{cameraStatusLabel(c.status)}</td>
                  <td data-label={t("overview.col.rate")} class={`rate-${tone(c.rate)}`}>{pct(c.rate)}</td>
                  <td data-label={t("overview.col.windows")}>
                    <Show when={c.windows.length > 0} fallback={<span class="muted small">{t("overview.noWindows")}</span>}>
                      <ul class="small overview-windows">
                        <For each={c.windows}>{(w) => <li>{formatTime(w.from)} – {w.ongoing ? t("overview.ongoing") : formatTime(w.to)}</li>}</For>
                      </ul>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
