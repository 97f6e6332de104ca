import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import type { FieldTaskView } from "../../api/field.ts";
import { t } from "../../i18n/index.ts";
import { NewFieldTaskForm } from "./NewFieldTaskForm.tsx";

/** 转靶向飞行 on a source's card (a complaint, a spot check, an alert): opens the form, then links to the task made. */
export function FieldTaskButton(props: { source: { kind: "spot_check" | "alert" | "complaint"; id: string } }) {
  const [open, setOpen] = createSignal(false);
  const [made, setMade] = createSignal<FieldTaskView | null>(null);
  return (
    <Show
      when={!made()}
      fallback={
        <p class="small" data-testid="field-made">
          {t("field.made")} · <A href={`/field/${encodeURIComponent(made()!.id)}`}>{made()!.title}</A>
        </p>
      }
    >
      <Show when={open()} fallback={<button type="button" data-testid="to-field" onClick={() => setOpen(true)}>{t("field.toField")}</button>}>
        <NewFieldTaskForm source={props.source} onMade={(task) => { setMade(task); setOpen(false); }} onCancel={() => setOpen(false)} />
      </Show>
    </Show>
  );
}
