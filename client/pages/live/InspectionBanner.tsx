import { Show } from "solid-js";
import { formatTime, inspectionKindLabel, t } from "../../i18n/index.ts";
import { mayTalk } from "../../live/grants.ts";
import type { LiveController } from "../../live/types.ts";
import type { InspectionState } from "./inspectionState.ts";

/**
 * The inspection in progress, at the top of the page and kept in view while scrolling (beside the order
 * banner): on a phone the inspection panel sits below every camera. Those who may talk and have the
 * microphone off are asked to turn it on, right here.
 */
export function InspectionBanner(props: { state: InspectionState; live: LiveController; onOpen: () => void }) {
  const micOff = () => mayTalk(props.live.grants()) && !props.live.micEnabled();
  return (
    <Show when={props.state.active()}>
      {(active) => (
        <div class="inspection-banner" role="status" data-testid="inspection-banner" data-inspection-id={active().id}>
          <div>
            <strong>{t("inspection.activeBanner", { kind: inspectionKindLabel(active().kind) })}</strong>
            <span class="small muted"> {t("inspection.activeSince", { time: formatTime(active().startedAt) })}</span>
            <Show when={micOff()}>
              <p class="small" data-testid="inspection-mic-prompt">
                {t("inspection.micPrompt")}
              </p>
            </Show>
          </div>
          <div class="actions">
            <Show when={micOff()}>
              <button
                type="button"
                class="button-primary"
                data-testid="inspection-mic-on"
                disabled={props.live.state() !== "connected" || props.live.micBusy()}
                onClick={() => void props.live.setMicEnabled(true)}
              >
                {t("mic.turnOn")}
              </button>
            </Show>
            <button type="button" data-testid="inspection-open" onClick={() => props.onOpen()}>
              {t("inspection.goToPanel")}
            </button>
          </div>
        </div>
      )}
    </Show>
  );
}
