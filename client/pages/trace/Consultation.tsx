import { Show } from "solid-js";
import { t } from "../../i18n/index.ts";

/** How the parent committee was consulted on a supplier: the day, how many members sat, the note (or, for approvals
 *  made before it was recorded, only that it was). Shared by the suppliers tab and the committee's view. */
export function ConsultationLine(props: { consultation: { on: string; note: string; committeeSize: number } | null; consulted: boolean }) {
  return (
    <Show
      when={props.consultation}
      fallback={<p class="small muted" data-testid="consultation" data-recorded="no">{props.consulted ? t("trace.consultation.unrecorded") : t("trace.consultation.none")}</p>}
    >
      {(c) => (
        <p class="small" data-testid="consultation" data-recorded="yes">
          {t("trace.consultation.line", { on: c().on, n: c().committeeSize })}
          <br />
          <span class="muted">{c().note}</span>
        </p>
      )}
    </Show>
  );
}
