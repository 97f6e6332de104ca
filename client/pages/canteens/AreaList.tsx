import { For, Show } from "solid-js";
import { areaKindLabel, t } from "../../i18n/index.ts";
import type { CanteenDetail } from "../../types.ts";
import { CameraItem } from "./CameraItem.tsx";

/** The canteen's areas (库房, 粗加工, 烹饪, 备餐, 洗消 …), each with the cameras the caller may see. */
export function AreaList(props: { canteen: CanteenDetail }) {
  const camerasIn = (areaId: string) => props.canteen.cameras.filter((c) => c.areaId === areaId);
  return (
    <Show when={props.canteen.areas.length > 0} fallback={<p class="empty">{t("canteens.noAreas")}</p>}>
      <ul class="areas">
        <For each={props.canteen.areas}>
          {(area) => (
            <li class="area card" data-testid="area-item" data-area-kind={area.kind}>
              <div class="area-head">
                <strong>{area.name}</strong>
                <Show when={area.name !== areaKindLabel(area.kind)}>
                  <span class="tag">{areaKindLabel(area.kind)}</span>
                </Show>
              </div>
              <Show when={camerasIn(area.id).length > 0} fallback={<p class="muted small">{t("canteens.noCameras")}</p>}>
                <ul class="cameras">
                  <For each={camerasIn(area.id)}>{(camera) => <CameraItem camera={camera} />}</For>
                </ul>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
