import { createSignal, For, Show } from "solid-js";
import { areaKindLabel, t } from "../../i18n/index.ts";
import type { CanteenDetail, Gateway } from "../../types.ts";
import { AreaNameForm } from "./AreaNameForm.tsx";
import { CameraEditForm } from "./CameraEditForm.tsx";
import { CameraItem } from "./CameraItem.tsx";

/**
 * The canteen's areas (库房, 粗加工, 烹饪, 备餐, 洗消 …), each with the cameras the caller may see. With
 * `manage`, areas can be renamed and cameras edited in place; `onChanged` then re-reads the canteen.
 */
export function AreaList(props: { canteen: CanteenDetail; manage: boolean; gateways: Gateway[]; onChanged: () => void }) {
  const camerasIn = (areaId: string) => props.canteen.cameras.filter((c) => c.areaId === areaId);
  const [renaming, setRenaming] = createSignal<string>();
  return (
    <Show when={props.canteen.areas.length > 0} fallback={<p class="empty">{t("canteens.noAreas")}</p>}>
      <ul class="areas">
        <For each={props.canteen.areas}>
          {(area) => (
            <li class="area card" data-testid="area-item" data-area-kind={area.kind}>
              <Show
                when={props.manage && renaming() === area.id}
                fallback={
                  <div class="area-head">
                    <strong data-testid="area-name-text">{area.name}</strong>
                    <Show when={area.name !== areaKindLabel(area.kind)}>
                      <span class="tag">{areaKindLabel(area.kind)}</span>
                    </Show>
                    <Show when={props.manage}>
                      <button type="button" class="button-small push" data-testid="area-edit" onClick={() => setRenaming(area.id)}>
                        {t("manage.renameArea")}
                      </button>
                    </Show>
                  </div>
                }
              >
                <AreaNameForm
                  area={area}
                  onCancel={() => setRenaming(undefined)}
                  onSaved={() => {
                    setRenaming(undefined);
                    props.onChanged();
                  }}
                />
              </Show>
              <Show when={camerasIn(area.id).length > 0} fallback={<p class="muted small">{t("canteens.noCameras")}</p>}>
                <ul class="cameras">
                  <For each={camerasIn(area.id)}>
                    {(camera) => (
                      <CameraItem
                        camera={camera}
                        editor={
                          props.manage
                            ? (close) => (
                                <CameraEditForm
                                  camera={camera}
                                  areas={props.canteen.areas}
                                  gateways={props.gateways}
                                  onCancel={close}
                                  onSaved={() => {
                                    close();
                                    props.onChanged();
                                  }}
                                />
                              )
                            : undefined
                        }
                      />
                    )}
                  </For>
                </ul>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
