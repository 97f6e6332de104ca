import { A, useParams } from "@solidjs/router";
import { createMemo, createResource, createSignal, onCleanup, onMount, Show } from "solid-js";
import { getCanteen } from "../../api/canteens.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { CameraGrid } from "../../live/CameraGrid.tsx";
import { ConnectionBanner } from "../../live/ConnectionBanner.tsx";
import { createLiveController } from "../../live/controller.ts";
import { mayTalk } from "../../live/grants.ts";
import { MicControls } from "../../live/MicControls.tsx";
import { ParticipantList } from "../../live/ParticipantList.tsx";
import { createAnnotationRoom } from "../../live/annotations/annotationRoom.ts";
import { freezeFrame } from "../../live/annotations/freeze.ts";
import { SnapshotStrip } from "../../live/annotations/SnapshotStrip.tsx";
import { SnapshotViewer } from "../../live/annotations/SnapshotViewer.tsx";
import { cameraTiles } from "../../live/tiles.ts";
import { takeLiveToken } from "../../live/tokenPrefetch.ts";
import { can, me } from "../../stores/session.ts";
import { createCallOrders } from "../orders/callOrders.ts";
import { CallOrdersPanel } from "../orders/CallOrdersPanel.tsx";
import { OrderBanner } from "../orders/OrderBanner.tsx";
import { createInspectionState, type InspectionState } from "./inspectionState.ts";
import { InspectionPanel } from "./InspectionPanel.tsx";

/** /live/:canteenId — a new room for each canteen. */
export function LivePage() {
  const params = useParams<{ canteenId: string }>();
  return (
    <Show when={params.canteenId} keyed>
      {(canteenId) => <LiveRoom canteenId={canteenId} />}
    </Show>
  );
}

/** Parent representatives watch public-visible cameras only (DESIGN §3). */
const publicOnly = () => (me()?.memberships ?? []).every((m) => m.role === "parent_rep");

/**
 * The live remote-inspection page: every camera of the canteen (one enlarged on click), the people in the
 * room, voice for those allowed to talk, and the inspection in progress. The token request and the
 * canteen's cameras are asked for at once; the room connects as soon as the token is here.
 */
function LiveRoom(props: { canteenId: string }) {
  const canteenId = props.canteenId;
  // the token's answer also says which inspection is in progress (for those who cannot list inspections)
  let inspections: InspectionState | undefined;
  const fetchToken = async () => {
    const askedAt = inspections?.tokenAsked() ?? 0;
    const token = await takeLiveToken(canteenId);
    inspections?.fromToken(token.activeInspection ?? null, askedAt);
    return token;
  };
  const live = createLiveController({ canteenId, fetchToken });
  inspections = createInspectionState(canteenId, live);
  onMount(() => void live.connect());
  onCleanup(() => void live.close());

  const [canteen] = createResource(() => getCanteen(canteenId));
  const tiles = createMemo(() => cameraTiles(canteen.latest, live.publishedCameras(), publicOnly()));
  // frozen frames are for those who take part (not parents, who only watch): others ignore the room's messages
  const annotations = can("snapshots.annotate") ? createAnnotationRoom(live) : null;
  const orders = createCallOrders(canteenId, live);
  const [freezing, setFreezing] = createSignal(false);
  const [freezeError, setFreezeError] = createSignal<unknown>();
  const nameOf = (identity: string) => live.participants().find((p) => p.identity === identity)?.name ?? "";

  /** 冻结画面: the focused camera's current frame becomes a snapshot everyone in the room opens. */
  async function freeze(cameraId: string, video: HTMLVideoElement) {
    setFreezing(true);
    setFreezeError(undefined);
    try {
      annotations?.open(await freezeFrame(video, cameraId, inspections?.active()?.id ?? null));
    } catch (err) {
      setFreezeError(err);
    } finally {
      setFreezing(false);
    }
  }

  return (
    <section class="page live-page" data-testid="live-page" data-canteen-id={canteenId}>
      <p class="breadcrumb">
        <A href={`/canteens/${encodeURIComponent(canteenId)}`}>← {t("live.back")}</A>
      </p>
      <div class="page-head">
        <h1 data-testid="live-title">{canteen.latest ? t("live.title", { name: canteen.latest.name }) : t("live.open")}</h1>
        <Show when={canteen.latest}>{(c) => <span class="muted">{c().orgName}</span>}</Show>
      </div>
      <ConnectionBanner live={live} />
      <ErrorBanner error={canteen.error} />
      <Show when={can("orders.respond")}>
        <OrderBanner orders={orders} />
      </Show>
      <div class="live-layout">
        <div class="live-main">
          <ErrorBanner error={freezeError()} />
          <Show when={annotations}>{(room) => <SnapshotViewer room={room()} canDraw nameOf={nameOf} onClose={() => room().open(null)} />}</Show>
          <h2 class="visually-hidden">{t("live.cameras")}</h2>
          <Show when={canteen.latest || canteen.error} fallback={<p class="muted">{t("common.loading")}</p>}>
            <CameraGrid tiles={tiles()} live={live} onFreeze={annotations ? (id, video) => void freeze(id, video) : undefined} freezing={freezing()} />
          </Show>
        </div>
        <aside class="live-side">
          <Show when={mayTalk(live.grants())}>
            <MicControls live={live} />
          </Show>
          <InspectionPanel canteenId={canteenId} state={inspections} />
          <Show when={annotations && inspections.active()}>
            {(active) => <SnapshotStrip inspectionId={active().id} room={annotations!} />}
          </Show>
          <Show when={can("orders.read") && inspections.active()}>
            {(active) => <CallOrdersPanel inspectionId={active().id} orders={orders} openSnapshotId={annotations?.snapshot()?.id ?? null} />}
          </Show>
          <ParticipantList live={live} />
        </aside>
      </div>
    </section>
  );
}
