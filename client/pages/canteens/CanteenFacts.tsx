import { createSignal, Show } from "solid-js";
import { gradeLabel, t } from "../../i18n/index.ts";
import type { Canteen } from "../../types.ts";
import { CanteenEditForm } from "./CanteenEditForm.tsx";

/** The canteen's registration facts; a manager edits them in a form that opens from the 编辑 button. */
export function CanteenFacts(props: { canteen: Canteen; manage: boolean; onSaved: () => void }) {
  const [editing, setEditing] = createSignal(false);
  return (
    <>
      <dl class="facts" data-testid="canteen-facts">
        <div>
          <dt>{t("canteens.license")}</dt>
          <dd data-testid="canteen-license">{props.canteen.licenseNo ?? t("canteens.noLicense")}</dd>
        </div>
        <Show when={props.canteen.grade}>
          {(g) => (
            <div>
              <dt>{t("canteens.grade")}</dt>
              <dd data-testid="canteen-grade">{gradeLabel(g())}</dd>
            </div>
          )}
        </Show>
        <div>
          <dt>{t("canteens.publicSlug")}</dt>
          <dd>
            <code>{props.canteen.publicSlug}</code>
          </dd>
        </div>
      </dl>
      <Show when={props.manage}>
        <Show
          when={editing()}
          fallback={
            <div class="actions">
              <button type="button" data-testid="canteen-edit" onClick={() => setEditing(true)}>
                {t("canteens.edit")}
              </button>
            </div>
          }
        >
          <CanteenEditForm
            canteen={props.canteen}
            onCancel={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              props.onSaved();
            }}
          />
        </Show>
      </Show>
    </>
  );
}
