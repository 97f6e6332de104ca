import { useSearchParams } from "@solidjs/router";
import { createMemo, createSignal, For, type JSX, Show } from "solid-js";
import { t } from "../i18n/index.ts";
import type { TileModel } from "./tiles.ts";
import type { LiveController } from "./types.ts";
import { VideoTile } from "./VideoTile.tsx";

/**
 * All the canteen's cameras; one may be enlarged (full width, first) while the others stay small below it.
 * Tiles are kept by camera id, so a recomputed list never recreates a playing <video>.
 */
export function CameraGrid(props: { tiles: TileModel[]; live: LiveController; onFreeze?: (cameraId: string, video: HTMLVideoElement) => void; freezing?: boolean; onClip?: (cameraId: string) => void; overlay?: (cameraId: string, focused: boolean) => JSX.Element }) {
  // `?camera=<id>` (e.g. from an alert) opens with that camera enlarged
  const [params] = useSearchParams();
  const [focused, setFocused] = createSignal<string | null>(typeof params.camera === "string" ? params.camera : null);
  const byKey = createMemo(() => new Map(props.tiles.map((tile) => [tile.key, tile])));
  const keys = createMemo(() => props.tiles.map((tile) => tile.key), undefined, { equals: (a, b) => a.length === b.length && a.every((k, i) => k === b[i]) });
  const toggle = (key: string) => setFocused((current) => (current === key ? null : key));

  return (
    <Show when={props.tiles.length > 0} fallback={<p class="empty">{t("live.noCameras")}</p>}>
      <div
        class="camera-grid"
        classList={{ "has-focus": focused() !== null && byKey().has(focused()!) }}
        data-testid="camera-grid"
        onKeyDown={(e) => e.key === "Escape" && setFocused(null)}
      >
        <For each={keys()}>
          {(key) => (
            <Show when={byKey().get(key)}>
              {(tile) => <VideoTile tile={tile()} live={props.live} focused={focused() === key} onToggle={() => toggle(key)} onFreeze={props.onFreeze} freezing={props.freezing} onClip={props.onClip} overlay={props.overlay} />}
            </Show>
          )}
        </For>
      </div>
    </Show>
  );
}
