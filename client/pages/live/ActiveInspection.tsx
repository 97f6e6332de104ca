import { Show } from "solid-js";
import { formatTime, inspectionKindLabel, t } from "../../i18n/index.ts";
import type { ActiveInspectionSummary } from "../../types.ts";

/** The inspection in progress: what kind, who started it, when. */
export function ActiveInspection(props: { inspection: ActiveInspectionSummary & { reviewedAt?: string | null } }) {
  return (
    <div class="active-inspection" data-testid="active-inspection" data-inspection-id={props.inspection.id}>
      <strong>{t("inspection.active", { kind: inspectionKindLabel(props.inspection.kind) })}</strong>
      <span class="muted small" data-testid="active-inspection-by">
        {t("inspection.startedBy", { name: props.inspection.startedBy.displayName, time: formatTime(props.inspection.startedAt) })}
      </span>
      <Show when={props.inspection.reviewedAt}>
        {(at) => (
          <span class="badge" data-testid="active-inspection-reviewed" data-at={at()}>
            {t("record.review.badge", { time: formatTime(at()) })}
          </span>
        )}
      </Show>
    </div>
  );
}
