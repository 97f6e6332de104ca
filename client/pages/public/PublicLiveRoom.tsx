import { createMemo, onCleanup, onMount } from "solid-js";
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
  return (
    <div data-testid="public-live-room">
      <ConnectionBanner live={live} />
      <CameraGrid tiles={tiles()} live={live} />
    </div>
  );
}

export default PublicLiveRoom;
