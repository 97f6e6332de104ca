import { A } from "@solidjs/router";
import { type Accessor, createMemo, createSignal, For, onCleanup, Show } from "solid-js";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { CameraGrid } from "../../live/CameraGrid.tsx";
import { ConnectionBanner } from "../../live/ConnectionBanner.tsx";
import { mayTalk } from "../../live/grants.ts";
import { MicControls } from "../../live/MicControls.tsx";
import { enterLiveRoom, leaveLiveRoom } from "../../live/roomKeeper.ts";
import { ParticipantList } from "../../live/ParticipantList.tsx";
import { createAnnotationRoom } from "../../live/annotations/annotationRoom.ts";
import { freezeFrame } from "../../live/annotations/freeze.ts";
import { SnapshotStrip } from "../../live/annotations/SnapshotStrip.tsx";
import { SnapshotViewer } from "../../live/annotations/SnapshotViewer.tsx";
import { cameraTiles, onlineCameras } from "../../live/tiles.ts";
import { takeLiveToken } from "../../live/tokenPrefetch.ts";
import { can, me } from "../../stores/session.ts";
import type { CanteenDetail } from "../../types.ts";
import { createCallOrders } from "../orders/callOrders.ts";
import { CallOrdersPanel } from "../orders/CallOrdersPanel.tsx";
import { OrderBanner } from "../orders/OrderBanner.tsx";
import { createInspectionState, type InspectionState } from "./inspectionState.ts";
import { InspectionPanel } from "./InspectionPanel.tsx";
import { InspectionBanner } from "./InspectionBanner.tsx";
import { DeviceStatus } from "./DeviceStatus.tsx";
import { PlaybackPanel } from "../record/PlaybackPanel.tsx";
import { PtzPanel } from "../ptz/PtzPanel.tsx";
import { ClipList } from "../record/ClipList.tsx";
import { attachTargetsOf } from "../record/clipTargets.ts";
import { createOrderProblems } from "../record/orderProblems.ts";
import { requestClip } from "../../api/record.ts";
import { ViewingHostPanel } from "./ViewingHostPanel.tsx";
import { NoticeBanner } from "../dispatch/NoticeBanner.tsx";
import { isRegionUser } from "../../stores/session.ts";
import { createSensorStore } from "../sensors/sensorStore.ts";
import { SensorOverlay } from "../sensors/SensorOverlay.tsx";
import { ZoomOverlay } from "../zoom/ZoomOverlay.tsx";
import { createZoomStore } from "../zoom/zoomStore.ts";

/** how many of the canteen's latest orders (with their problems) a clip may be attached to from the room */
const RECENT_ORDERS = 5;

/** Parent representatives watch public-visible cameras only (DESIGN §3). */
const publicOnly = () => (me()?.memberships ?? []).every((m) => m.role === "parent_rep");

/**
 * The live remote-inspection page: every camera of the canteen (one enlarged on click), the people in the
 * room, voice for those allowed to talk, and the inspection in progress. The token request and the
 * canteen's cameras are asked for at once; the room connects as soon as the token is here.
 */
export function LiveRoom(props: { canteenId: string; canteen: Accessor<CanteenDetail> }) {
  const canteenId = props.canteenId;
  // the token's answer also says which inspection is in progress (for those who cannot list inspections)
  let inspections: InspectionState | undefined;
  const fetchToken = async () => {
    const askedAt = inspections?.tokenAsked() ?? 0;
    const token = await takeLiveToken(canteenId);
    inspections?.fromToken(token.activeInspection ?? null, askedAt);
    return token;
  };
  // a room left on this canteen a moment ago is still open (roomKeeper.ts); otherwise a new one connects
  const { live, firstToken } = enterLiveRoom(canteenId, fetchToken);
  inspections = createInspectionState(canteenId, live);
  // the sensors beside each camera, drawn on its picture (issue 17): for those who may read them (never parents)
  const sensorStore = can("sensors.read") ? createSensorStore(canteenId) : null;
  const sensorOverlay = sensorStore ? (cameraId: string, focused: boolean) => <SensorOverlay store={sensorStore} cameraId={cameraId} focused={focused} /> : undefined;
  // a room entered on the way here was connected with a token this page did not ask for: its answer still counts
  void firstToken?.then((token) => inspections?.fromToken(token.activeInspection ?? null, 0)).catch(() => undefined);
  onCleanup(() => leaveLiveRoom(canteenId, live));

  const tiles = createMemo(() => cameraTiles(props.canteen(), live.publishedCameras(), publicOnly()));
  const onlineCount = createMemo(() => onlineCameras(props.canteen(), live.publishedCameras()).length);
  let panel: HTMLDivElement | undefined;
  // frozen frames are for those who take part (not parents, who only watch): others ignore the room's messages
  const annotations = can("snapshots.annotate") ? createAnnotationRoom(live) : null;
  // 数字变焦 (issue 17) on a camera with a gateway, for those who may freeze a frame: its own layer on the picture
  const cameraOf = (id: string) => props.canteen().cameras.find((c) => c.id === id);
  const zoomStore = annotations ? createZoomStore(live, () => inspections?.active()?.id ?? null, (s) => annotations.open(s)) : null;
  const zoomOverlay = zoomStore
    ? (cameraId: string, focused: boolean) => (
        <Show when={cameraOf(cameraId)?.gatewayId}>
          <ZoomOverlay store={zoomStore} cameraId={cameraId} cameraName={cameraOf(cameraId)?.name ?? ""} focused={focused} />
        </Show>
      )
    : undefined;
  const overlay = sensorOverlay || zoomOverlay ? (cameraId: string, focused: boolean) => [sensorOverlay?.(cameraId, focused), zoomOverlay?.(cameraId, focused)] : undefined;
  const orders = createCallOrders(canteenId, live);
  /** what a clip cut here can be attached to: the inspection in progress, the canteen's recent orders and their problems */
  const problemsOf = createOrderProblems();
  const clipTargets = () => attachTargetsOf(inspections?.active()?.id ?? null, problemsOf(orders.recent().slice(0, RECENT_ORDERS)));
  /** 视频抓拍 from live: the last LIVE_CLIP_S seconds of a camera, cut on the gateway once recorded; listed below */
  const LIVE_CLIP_S = 20;
  const [liveClips, setLiveClips] = createSignal(0);
  const clipLive = (cameraId: string) => {
    const now = Date.now();
    const inspectionId = inspections?.active()?.id;
    requestClip({ cameraId, start: new Date(now - LIVE_CLIP_S * 1000).toISOString(), end: new Date(now).toISOString(), ...(inspectionId ? { attach: { targetType: "inspection" as const, targetId: inspectionId } } : {}) })
      .then(() => setLiveClips((n) => n + 1))
      .catch(setFreezeError);
  };
  const [freezing, setFreezing] = createSignal(false);
  const [freezeError, setFreezeError] = createSignal<unknown>();
  const nameOf = (identity: string) => live.participants().find((p) => p.identity === identity)?.name ?? "";

  /** 冻结画面: the focused camera's current frame becomes a snapshot everyone in the room opens. */
  async function freeze(cameraId: string, video: HTMLVideoElement) {
    setFreezing(true);
    setFreezeError(undefined);
    try {
      annotations?.open(await freezeFrame(video, cameraId, inspections?.active()?.id ?? null, live.fullResolution));
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
        <h1 data-testid="live-title">{t("live.title", { name: props.canteen().name })}</h1>
        <span class="muted">{props.canteen().orgName}</span>
      </div>
      <div class="live-status">
        <ConnectionBanner live={live} />
        <DeviceStatus canteen={props.canteen()} online={onlineCount()} />
      </div>
      <div class="live-sticky">
        <Show when={can("orders.respond")}>
          <OrderBanner orders={orders} />
        </Show>
        {/* 应急指挥调度: the school's unread dispatch notices (a regulator in the room sent them: not shown to it) */}
        <Show when={can("notices.read") && me() && !isRegionUser(me()!)}>
          <NoticeBanner live={live} />
        </Show>
        <InspectionBanner state={inspections} live={live} onOpen={() => panel?.scrollIntoView({ behavior: "smooth", block: "start" })} />
      </div>
      <div class="live-layout">
        <div class="live-main">
          <ErrorBanner error={freezeError()} />
          <Show when={annotations}>{(room) => <SnapshotViewer room={room()} canDraw nameOf={nameOf} onClose={() => room().open(null)} />}</Show>
          <Show when={can("recordings.read")}>
            <PlaybackPanel canteenId={canteenId} live={live} inspectionId={() => inspections.active()?.id ?? null} attachTargets={clipTargets} />
          </Show>
          <h2 class="visually-hidden">{t("live.cameras")}</h2>
          <CameraGrid tiles={tiles()} live={live} onFreeze={annotations ? (id, video) => void freeze(id, video) : undefined} freezing={freezing()} onClip={can("recordings.read") ? clipLive : undefined} overlay={overlay} />
          <Show when={liveClips() > 0}>
            <ClipList query={{ canteenId }} refresh={liveClips()} attachTargets={clipTargets} />
          </Show>
        </div>
        <aside class="live-side">
          <Show when={mayTalk(live.grants())}>
            <MicControls live={live} />
          </Show>
          {/* 云台控制 (issue 17): one panel per PTZ camera on a gateway, for those who may steer */}
          <Show when={can("ptz.control")}>
            {/* keyed by id: a refreshed canteen keeps each panel (and its state) in place */}
            <For each={props.canteen().cameras.filter((c) => c.ptz && c.gatewayId).map((c) => c.id)}>
              {(id) => <PtzPanel camera={{ id, get name() { return props.canteen().cameras.find((c) => c.id === id)?.name ?? ""; } }} live={live} />}
            </For>
          </Show>
          <div class="inspection-anchor" ref={panel}>
            <InspectionPanel canteenId={canteenId} state={inspections} camerasOnline={onlineCount} recordedCameras={() => props.canteen().cameras.filter((c) => c.gatewayId)} />
          </div>
          <Show when={annotations && inspections.active()}>
            {(active) => <SnapshotStrip inspectionId={active().id} room={annotations!} />}
          </Show>
          <Show when={can("orders.read") && inspections.active()}>
            {(active) => <CallOrdersPanel inspectionId={active().id} orders={orders} openSnapshotId={annotations?.snapshot()?.id ?? null} />}
          </Show>
          <Show when={can("viewing.manage")}>
            <ViewingHostPanel canteenId={canteenId} live={live} />
          </Show>
          <ParticipantList live={live} />
        </aside>
      </div>
    </section>
  );
}
