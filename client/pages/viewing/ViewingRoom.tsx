import { createEffect, createMemo, onCleanup, onMount, Show } from "solid-js";
import { freezeViewingFrame, type ViewingFrameView, type ViewingView, viewingToken } from "../../api/viewing.ts";
import { createAction } from "../../action.ts";
import { captureFrame } from "../../live/annotations/freeze.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { CameraGrid } from "../../live/CameraGrid.tsx";
import { ConnectionBanner } from "../../live/ConnectionBanner.tsx";
import { createLiveController } from "../../live/controller.ts";
import type { TileModel } from "../../live/tiles.ts";
import type { ViewingMessage } from "../../../server/viewing/contracts.ts";
import { onViewingPush } from "./viewingPush.ts";

/**
 * An invited parent inside the window: the canteen's room with a subscribe-only token; the gateway grants the
 * session's cameras (and the public ones) until the window closes. The microphone is used only while the host
 * has opened it (a participant-permission update on the server). Once the window is over the room stays open:
 * public cameras keep playing, the others show as withdrawn (the gateway's decision, read from the SDK).
 */
export function ViewingRoom(props: { session: ViewingView; over: boolean; micOpen: boolean; onPush: (m: ViewingMessage) => void; onFrame: (f: ViewingFrameView) => void }) {
  const id = props.session.id;
  const live = createLiveController({
    canteenId: props.session.canteenId,
    fetchToken: async () => {
      const tok = await viewingToken(id);
      return { ...tok, grants: { canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [] }, activeInspection: null };
    },
  });
  onMount(() => void live.connect());
  // the Q&A, hands, microphones and the end arrive as the server's pushes (topic `viewing`), not by polling
  onCleanup(onViewingPush(live, (m) => props.onPush(m)));
  onCleanup(() => void live.close());
  const tiles = createMemo<TileModel[]>(() =>
    props.session.cameras.map((c) => ({ key: c.id, cameraId: c.id, kind: "camera", areaName: null, cameraName: c.name, status: "online", lastSeenAt: null })),
  );
  // the host closed the microphone (or the session ended): stop publishing at once
  createEffect(() => {
    if (!props.micOpen && live.micEnabled()) void live.setMicEnabled(false);
  });
  // a parent freezes what they see (the same capture as the live room's snapshots): kept with the session, for
  // their evaluation — never announced into the room
  const freezing = createAction();
  const freeze = (cameraId: string, video: HTMLVideoElement) => void freezing.run(async () => props.onFrame(await freezeViewingFrame(id, cameraId, await captureFrame(video))));
  return (
    <section data-testid="viewing-room">
      <ConnectionBanner live={live} />
      <ErrorBanner error={live.micError()} />
      <Show when={props.micOpen}>
        <p class="notice" data-testid="viewing-mic-open">
          {t("viewing.micOpen")}{" "}
          <button type="button" class="button-primary" data-testid="viewing-speak" aria-pressed={live.micEnabled() ? "true" : "false"} onClick={() => void live.setMicEnabled(!live.micEnabled())}>
            {live.micEnabled() ? t("viewing.closeMic") : t("viewing.openMic")}
          </button>
        </p>
      </Show>
      <ErrorBanner error={freezing.error()} />
      <Show when={props.session.frames.length}>
        <p class="small muted" data-testid="viewing-frames-count">{t("viewing.frozen", { count: props.session.frames.length })}</p>
      </Show>
      <CameraGrid tiles={tiles()} live={live} onFreeze={props.over ? undefined : freeze} freezing={freezing.busy()} />
    </section>
  );
}
