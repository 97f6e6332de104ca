import { createEffect, createResource, For, on, Show } from "solid-js";
import { listSnapshots } from "../../api/snapshots.ts";
import { formatTime, t } from "../../i18n/index.ts";
import type { AnnotationRoom } from "./annotationRoom.ts";

/**
 * The frames frozen in this inspection, newest first, to reopen one. Read from the API, so a participant who
 * joins late (or reloads) finds them, and opens the newest by itself when none is open yet: the room's
 * "snapshot.opened" message is not kept for those who were not there.
 */
export function SnapshotStrip(props: { inspectionId: string; room: AnnotationRoom }) {
  const [list, { refetch }] = createResource(
    () => props.inspectionId,
    (inspectionId) => listSnapshots({ inspectionId, limit: 12 }).then((p) => p.items),
  );
  // a failed read shows no strip (the viewer still opens frames from the room's messages)
  const items = () => (list.state === "ready" || list.state === "refreshing" ? list.latest : undefined);
  let autoOpened = false;
  createEffect(() => {
    const newest = items()?.[0];
    if (newest && !autoOpened && !props.room.snapshot()) props.room.open(newest);
    if (items()) autoOpened = true;
  });
  // a new frame frozen by anyone: show it in the strip too
  createEffect(
    on(
      () => props.room.snapshot()?.id,
      (id) => {
        if (id && items() && !items()!.some((s) => s.id === id)) void refetch();
      },
      { defer: true },
    ),
  );
  return (
    <Show when={(items() ?? []).length > 0}>
      <section class="card snapshot-strip" data-testid="snapshot-strip">
        <h3>{t("annot.snapshots")}</h3>
        <div class="snapshot-picks">
          <For each={items()}>
            {(s) => (
              <button type="button" class="snapshot-pick" classList={{ picked: props.room.snapshot()?.id === s.id }} data-testid="snapshot-strip-item" data-snapshot-id={s.id} onClick={() => props.room.open(s)}>
                <img src={s.imageUrl} alt={t("annot.frozen", { camera: s.cameraName })} loading="lazy" />
                <span class="small">
                  {s.cameraName} · {formatTime(s.takenAt)}
                </span>
              </button>
            )}
          </For>
        </div>
      </section>
    </Show>
  );
}
