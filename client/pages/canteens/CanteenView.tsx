import { A } from "@solidjs/router";
import { createResource, Show } from "solid-js";
import { listGateways } from "../../api/cameras.ts";
import { getCanteen } from "../../api/canteens.ts";
import { DeadEnd, isMissing, settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LiveLink } from "../../components/LiveLink.tsx";
import { t } from "../../i18n/index.ts";
import { can, me } from "../../stores/session.ts";
import { AreaForm } from "./AreaForm.tsx";
import { AreaList } from "./AreaList.tsx";
import { CameraForm } from "./CameraForm.tsx";
import { CanteenFacts } from "./CanteenFacts.tsx";
import { GatewaysPanel } from "./GatewaysPanel.tsx";
import { Gb28181Panel } from "./Gb28181Panel.tsx";
import { OnvifPanel } from "./OnvifPanel.tsx";

/** One canteen: facts, areas with their cameras, and (for managers) everything to edit and add, and its gateways. */
export function CanteenView(props: { id: string; headingLevel?: 1 | 2 }) {
  const [canteen, { refetch }] = createResource(() => props.id, (id) => getCanteen(id, me()?.id));
  const [gateways, gatewaysCtl] = createResource(
    () => (can("gateways.manage") ? props.id : false),
    (canteenId) => listGateways({ canteenId }).then((r) => r.items),
  );

  return (
    <div class="canteen" data-testid="canteen-view">
      <Show when={!isMissing(canteen.error)} fallback={<DeadEnd kind="not-found" title="deadEnd.canteen.title" message="deadEnd.canteen.text" />}>
        <ErrorBanner error={canteen.error} />
      </Show>
      <Show when={settled(canteen)}>
        {(c) => (
          <>
            <div class="page-head">
              {props.headingLevel === 2 ? <h2 data-testid="canteen-name">{c().name}</h2> : <h1 data-testid="canteen-name">{c().name}</h1>}
              <span class="muted">{c().orgName}</span>
              <span class="push">
                <Show when={can("inspections.read")}>
                  <A href={`/patrol/records?canteenId=${encodeURIComponent(c().id)}`} data-testid="canteen-records">
                    {t("nav.records")}
                  </A>{" "}
                </Show>
                <Show when={can("canteens.manage")}>
                  <A href={`/canteens/${encodeURIComponent(c().id)}/disclosure`} data-testid="canteen-disclosure">
                    {t("disclosure.title")}
                  </A>{" "}
                </Show>
                <LiveLink href={`/live/${encodeURIComponent(c().id)}`} eager={c().cameras.some((cam) => cam.status === "online")} />
              </span>
            </div>
            <CanteenFacts canteen={c()} manage={can("canteens.manage")} onSaved={() => void refetch()} />
            <h2 class="section-title">{t("canteens.areas")}</h2>
            <AreaList canteen={c()} manage={can("canteens.manage")} gateways={gateways.latest ?? []} onChanged={() => void refetch()} />
            <Show when={can("canteens.manage")}>
              <div class="manage-grid">
                <AreaForm canteenId={c().id} onCreated={() => void refetch()} />
                <CameraForm areas={c().areas} gateways={gateways.latest ?? []} onCreated={() => void refetch()} />
              </div>
              <Gb28181Panel canteenId={c().id} areas={c().areas} gateways={gateways.latest ?? []} onCameraAdded={() => void refetch()} />
              <OnvifPanel areas={c().areas} gateways={gateways.latest ?? []} onCameraAdded={() => void refetch()} />
            </Show>
            <Show when={can("gateways.manage")}>
              <ErrorBanner error={gateways.error} />
              <GatewaysPanel canteenId={c().id} gateways={gateways.latest ?? []} onChanged={() => void gatewaysCtl.refetch()} />
            </Show>
          </>
        )}
      </Show>
      <Show when={canteen.loading && !canteen.latest}>
        <p class="muted">{t("common.loading")}</p>
      </Show>
    </div>
  );
}
