import { For } from "solid-js";
import { areaKindLabel, checklistStatusLabel } from "../../i18n/index.ts";
import { type ChecklistStatus, REQUIRED_PATROL_AREAS } from "../../types.ts";

export type PatrolArea = (typeof REQUIRED_PATROL_AREAS)[number];
export type AreaStatuses = Partial<Record<PatrolArea, ChecklistStatus>>;
const STATUSES: ChecklistStatus[] = ["ok", "issue", "not_seen"];

/**
 * The five required areas of 第二十一条, each a radio group of 正常 / 有问题 / 未查看: one checklist for the
 * school's self-check and the inspector's 靶向飞行 on site, so both record the same areas the same way.
 * `prefix` names the radio groups and test ids (`<prefix>-<area>-<status>`).
 */
export function AreaChecklist(props: { prefix: string; statuses: AreaStatuses; onChange: (area: PatrolArea, status: ChecklistStatus) => void; itemTestId?: string }) {
  return (
    <For each={REQUIRED_PATROL_AREAS}>
      {(area) => (
        <fieldset class="checklist-item" data-testid={props.itemTestId} data-area-kind={area}>
          <legend>{areaKindLabel(area)}</legend>
          <div class="choices" role="radiogroup" aria-label={areaKindLabel(area)}>
            <For each={STATUSES}>
              {(s) => (
                <label class="choice">
                  <input type="radio" name={`${props.prefix}-${area}`} data-testid={`${props.prefix}-${area}-${s}`} checked={props.statuses[area] === s} onChange={() => props.onChange(area, s)} />
                  {checklistStatusLabel(s)}
                </label>
              )}
            </For>
          </div>
        </fieldset>
      )}
    </For>
  );
}
