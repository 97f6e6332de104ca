import { A, useSearchParams } from "@solidjs/router";
import { createMemo, Show } from "solid-js";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { inspectionKindLabel, inspectionResultLabel, t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import { ActiveInspection } from "./ActiveInspection.tsx";
import { InspectionEndForm } from "./InspectionEndForm.tsx";
import type { InspectionState } from "./inspectionState.ts";
import { InspectionStartForm } from "./InspectionStartForm.tsx";
import { PastPlayback } from "../record/PastPlayback.tsx";

/**
 * Inspectors and regulator admins (inspections.run) start an inspection here and end it with the checklist;
 * everyone else sees the one in progress, if any, as it starts and ends. Opened from a spot check's card
 * (?spotCheck=<id>), it starts a spot-check inspection and, once that has ended, leads back to the card to record
 * the check's result with this inspection (and so its frozen frames) as the finding.
 */
export function InspectionPanel(props: { canteenId: string; state: InspectionState; camerasOnline?: () => number; recordedCameras?: () => Array<{ id: string; name: string }> }) {
  const mayRun = () => can("inspections.run");
  const activeId = createMemo(() => props.state.active()?.id);
  const [params] = useSearchParams<{ spotCheck?: string }>();
  const spotCheck = () => (typeof params.spotCheck === "string" && params.spotCheck ? params.spotCheck : null);

  return (
    <section class="card inspection" data-testid="inspection-panel">
      <h3>{t("inspection.title")}</h3>
      <ErrorBanner error={props.state.error()} />
      <Show
        when={props.state.active()}
        fallback={
          <>
            <Show
              when={props.state.known()}
              fallback={
                <p class="muted" data-testid="inspection-unknown">
                  {t("inspection.watching")}
                </p>
              }
            >
              <p class="muted" data-testid="inspection-none">
                {t("inspection.none")}
              </p>
            </Show>
            <Show when={props.state.lastEnded()}>
              {(ended) => (
                <p class="notice" data-testid="inspection-ended" data-inspection-id={ended().id}>
                  {t("inspection.ended", { kind: inspectionKindLabel(ended().kind), result: ended().result ? inspectionResultLabel(ended().result!) : "" })}
                  <Show when={mayRun() && ended().kind === "spot_check" && spotCheck()}>
                    {(check) => (
                      <>
                        {" "}
                        <A href={`/patrol/spot-checks?check=${encodeURIComponent(check())}&inspection=${encodeURIComponent(ended().id)}`} data-testid="spot-check-record">
                          {t("spot.recordResult")}
                        </A>
                      </>
                    )}
                  </Show>
                </p>
              )}
            </Show>
            <Show when={mayRun() && props.state.known()}>
              <InspectionStartForm canteenId={props.canteenId} spotCheck={!!spotCheck()} camerasOnline={props.camerasOnline} mayReview={can("recordings.read")} onStarted={props.state.apply} onConflict={() => void props.state.refresh()} />
            </Show>
          </>
        }
      >
        {(active) => (
          <>
            <ActiveInspection inspection={active()} />
            <Show when={can("recordings.read") && props.recordedCameras}>
              {(cameras) => <PastPlayback cameras={cameras()} at={() => ("reviewedAt" in active() ? ((active() as { reviewedAt?: string | null }).reviewedAt ?? null) : null)} />}
            </Show>
            <Show when={mayRun() && activeId()} keyed>
              {/* a new inspection gets a fresh form; updates of the same one keep what was typed */}
              {(_id) => <InspectionEndForm inspection={active()} onEnded={props.state.apply} />}
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
