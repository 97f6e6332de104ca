import { For, Show } from "solid-js";
import { alertSnapshotUrl } from "../../api/alerts.ts";
import { t } from "../../i18n/index.ts";
import type { Alert } from "../../types.ts";

/** The gateway's snapshot with the detection boxes outlined over it (normalised coordinates → SVG). */
export function Snapshot(props: { alert: Alert }) {
  return (
    <Show when={props.alert.hasSnapshot} fallback={<p class="muted">{t("alerts.noSnapshot")}</p>}>
      <figure class="alert-snapshot" data-testid="alert-snapshot">
        <img src={alertSnapshotUrl(props.alert.id)} alt={t("alerts.snapshotAlt")} loading="lazy" />
        <svg viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
          <For each={props.alert.boxes}>
            {(b) => <rect x={b.x} y={b.y} width={b.w} height={b.h} data-testid="alert-box" />}
          </For>
        </svg>
        <figcaption>
          <For each={props.alert.boxes}>{(b) => <span class="box-label">{`${b.label} ${Math.round(b.score * 100)}%`}</span>}</For>
        </figcaption>
      </figure>
    </Show>
  );
}
