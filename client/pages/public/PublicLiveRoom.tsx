import { createMemo, onCleanup, onMount, Show } from "solid-js";
import { ApiError } from "../../api.ts";
import { publicLiveToken } from "../../api/complaints.ts";
import { CameraGrid } from "../../live/CameraGrid.tsx";
import { ConnectionBanner } from "../../live/ConnectionBanner.tsx";
import { createLiveController } from "../../live/controller.ts";
import type { TileModel } from "../../live/tiles.ts";

/** Anyone, during the school's hours: the public cameras only, with an anonymous subscribe-only token. */
export function PublicLiveRoom(props: { slug: string; canteenId?: string; cameras: ReadonlyArray<{ id: string; name: string }> }) {
  const live = createLiveController({
    canteenId: props.slug,
    fetchToken: async () => ({ ...(await publicLiveToken(props.slug)), grants: { canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [] }, activeInspection: null }),
  });
  onMount(() => void live.connect());
  onCleanup(() => void live.close());
  const tiles = createMemo<TileModel[]>(() => props.cameras.map((c) => ({ key: c.id, cameraId: c.id, kind: "camera", areaName: null, cameraName: c.name, status: "online", lastSeenAt: null })));
  // past the viewer cap (or too many from one address) the server says so (429): that sentence, not black tiles;
  // the banner's countdown tries again by itself
  const full = () => {
    const error = live.error();
    return error instanceof ApiError && error.status === 429 ? error.message : null;
  };
  return (
    <div data-testid="public-live-room">
      <ConnectionBanner live={live} />
      <Show when={full()} fallback={<CameraGrid tiles={tiles()} live={live} />}>
        {(message) => (
          <p class="notice" role="alert" data-testid="public-live-full">
            {message()}
          </p>
        )}
      </Show>
    </div>
  );
}

export default PublicLiveRoom;
