import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { LiveLink } from "../../components/LiveLink.tsx";
import { gradeLabel, t } from "../../i18n/index.ts";
import type { Canteen } from "../../types.ts";

export function CanteenCard(props: { canteen: Canteen; showOrg: boolean }) {
  return (
    <li class="card canteen-card" data-testid="canteen-row">
      <div class="canteen-card-head">
        <A href={`/canteens/${encodeURIComponent(props.canteen.id)}`} data-testid="canteen-link">
          <strong>{props.canteen.name}</strong>
        </A>
        <Show when={props.canteen.grade}>{(g) => <span class="tag">{gradeLabel(g())}</span>}</Show>
        <span class="push">
          <LiveLink href={`/live/${encodeURIComponent(props.canteen.id)}`} label={t("live.openNamed", { name: props.canteen.name })} />
        </span>
      </div>
      <Show when={props.showOrg}>
        <div class="muted">{props.canteen.orgName}</div>
      </Show>
      <div class="muted small">
        {t("canteens.areaCount", { n: props.canteen.areaCount })} · {t("canteens.cameraCount", { n: props.canteen.cameraCount })}
      </div>
    </li>
  );
}
