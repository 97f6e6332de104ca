import { createEffect, createSignal, type JSX, Match, onCleanup, onMount, Show, Switch } from "solid-js";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { formatTime, t } from "../i18n/index.ts";
import type { TileModel } from "./tiles.ts";
import type { CameraFeed, LiveController } from "./types.ts";

export const tileLabel = (tile: TileModel) => {
  if (tile.kind === "restricted") return t("live.restrictedCamera");
  if (tile.kind === "unknown") return t("live.unknownCamera");
  return [tile.areaName, tile.cameraName].filter((s, i, all) => s && all.indexOf(s) === i).join(" · ");
};

/**
 * One camera: its <video muted playsinline> is registered with the room for as long as the tile exists, so
 * the track is subscribed and attached only here; a placeholder says why there is no picture. Click (or
 * Enter) enlarges it; the element stays the same, so enlarging never re-subscribes.
 */
export function VideoTile(props: { tile: TileModel; live: LiveController; focused: boolean; onToggle: () => void; onFreeze?: (cameraId: string, video: HTMLVideoElement) => void; freezing?: boolean; onClip?: (cameraId: string) => void; overlay?: (cameraId: string, focused: boolean) => JSX.Element }) {
  let video!: HTMLVideoElement;
  const [hasFrame, setHasFrame] = createSignal(false);
  /** when an offline camera was last seen (null for an online one or a tile that is not a camera) */
  const since = () =>
    props.tile.kind === "camera" && props.tile.status !== "online"
      ? props.tile.lastSeenAt ? t("camera.lastSeen", { time: formatTime(props.tile.lastSeenAt) }) : t("camera.neverSeen")
      : null;
  const watchable = () => props.tile.kind !== "restricted";
  const feed = (): CameraFeed => (watchable() ? props.live.cameraFeed(props.tile.cameraId) : "restricted");
  createEffect(() => {
    if (feed() !== "live") setHasFrame(false);
  });

  onMount(() => {
    video.muted = true; // the property, not just the attribute: autoplay needs it
    if (watchable()) onCleanup(props.live.attachCamera(props.tile.cameraId, video));
  });

  const onKeyDown = (e: KeyboardEvent) => {
    if (!watchable()) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      props.onToggle();
    }
  };

  return (
    <div
      class="tile"
      classList={{ focused: props.focused }}
      role={watchable() ? "button" : undefined}
      tabIndex={watchable() ? 0 : undefined}
      aria-pressed={watchable() ? props.focused : undefined}
      aria-label={watchable() ? t(props.focused ? "live.shrink" : "live.enlarge", { name: tileLabel(props.tile) }) : tileLabel(props.tile)}
      data-testid="camera-tile"
      data-camera-id={props.tile.cameraId}
      data-kind={props.tile.kind}
      data-state={feed()}
      data-focused={props.focused ? "true" : "false"}
      onClick={() => watchable() && props.onToggle()}
      onKeyDown={onKeyDown}
    >
      <video ref={video} muted autoplay playsinline onLoadedData={() => setHasFrame(true)} onPlaying={() => setHasFrame(true)} />
      <Show when={feed() !== "live" || !hasFrame()}>
        <div class="tile-placeholder" data-testid="tile-placeholder" title={since() ?? undefined}>
          <Switch>
            <Match when={feed() === "absent"}>
              <span>{t("live.feed.absent")}</span>
              <StatusBadge status={props.tile.status} />
              <Show when={props.tile.kind === "camera" && props.tile.status !== "online"}>
                <small class="tile-since" data-testid="tile-since">
                  {since()}
                </small>
              </Show>
            </Match>
            <Match when={feed() === "muted"}>
              <span>{t("live.feed.muted")}</span>
              <StatusBadge status="offline" />
            </Match>
            <Match when={feed() === "restricted"}>
              <span>{t("live.feed.restricted")}</span>
            </Match>
            <Match when={true}>
              <span>{t("live.feed.loading")}</span>
            </Match>
          </Switch>
        </div>
      </Show>
      <Show when={props.focused && props.onFreeze && feed() === "live" && hasFrame()}>
        <button
          type="button"
          class="tile-freeze"
          data-testid="freeze-frame"
          disabled={props.freezing}
          onClick={(e) => {
            e.stopPropagation();
            props.onFreeze?.(props.tile.cameraId, video);
          }}
          onKeyDown={(e) => e.stopPropagation()}
        >
          {t("annot.freeze")}
        </button>
      </Show>
      <Show when={props.focused && props.onClip && feed() === "live" && hasFrame()}>
        {/* 视频抓拍 from live: the seconds just seen, cut from the gateway's recording (issue 19) */}
        <button
          type="button"
          class="tile-clip"
          data-testid="clip-live"
          onClick={(e) => {
            e.stopPropagation();
            props.onClip?.(props.tile.cameraId);
          }}
          onKeyDown={(e) => e.stopPropagation()}
        >
          {t("record.clip.cut")}
        </button>
      </Show>
      {/* what the domain draws on the picture (the sensors beside this camera, issue 17) */}
      <Show when={props.overlay && props.tile.kind !== "restricted"}>{props.overlay!(props.tile.cameraId, props.focused)}</Show>
      <div class="tile-label" data-testid="tile-label">
        <Show when={props.tile.areaName} fallback={<span class="tile-area">{tileLabel(props.tile)}</span>}>
          <span class="tile-area" data-testid="tile-area">
            {props.tile.areaName}
          </span>
          <Show when={props.tile.cameraName && props.tile.cameraName !== props.tile.areaName}>
            <span class="tile-name" data-testid="tile-camera">
              {props.tile.cameraName}
            </span>
          </Show>
        </Show>
      </div>
    </div>
  );
}
