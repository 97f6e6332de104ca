import { Show } from "solid-js";
import { errorText } from "../api.ts";
import { t } from "../i18n/index.ts";
import { bindSpaceBar, createPushToTalk } from "./pushToTalk.ts";
import type { LiveController } from "./types.ts";

/** A touch screen as the main pointer (phones, tablets): no physical space bar to speak of. */
export const isTouchDevice = () => (typeof matchMedia === "function" ? matchMedia("(pointer: coarse)").matches : typeof window !== "undefined" && "ontouchstart" in window);

const micErrorText = (error: unknown) => (error instanceof Error && !("code" in error) ? error.message : errorText(error));

/** Microphone on/off and hold-to-talk (button or space bar). Only rendered for those allowed to talk. */
export function MicControls(props: { live: LiveController }) {
  const ptt = createPushToTalk(props.live);
  const ready = () => props.live.state() === "connected";
  bindSpaceBar(ptt, ready);
  const on = () => props.live.micEnabled();

  return (
    <section class="card mic" data-testid="mic-controls">
      <h3>{t("mic.title")}</h3>
      <div class="mic-buttons">
        <button
          type="button"
          data-testid="mic-toggle"
          classList={{ "button-primary": on() }}
          aria-pressed={on()}
          disabled={!ready() || ptt.talking()}
          onClick={() => void props.live.setMicEnabled(!on())}
        >
          {on() ? t("mic.turnOff") : t("mic.turnOn")}
        </button>
        <button
          type="button"
          class="ptt"
          classList={{ talking: ptt.talking() }}
          data-testid="ptt"
          data-ptt
          aria-pressed={ptt.talking()}
          disabled={!ready()}
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture?.(e.pointerId);
            ptt.press();
          }}
          onPointerUp={() => ptt.release()}
          onPointerCancel={() => ptt.release()}
          onLostPointerCapture={() => ptt.release()}
          onContextMenu={(e) => e.preventDefault()}
        >
          {ptt.talking() ? t("mic.talking") : t("mic.hold")}
        </button>
      </div>
      {/* holding the space bar is for keyboards: a phone or tablet gets no such hint */}
      <Show when={!isTouchDevice()}>
        <small class="muted" data-testid="mic-hint">
          {t("mic.hint")}
        </small>
      </Show>
      <Show when={props.live.micError()}>
        {(error) => (
          <p class="error-text" role="alert" data-testid="mic-error">
            {t("mic.error", { message: micErrorText(error()) })}
          </p>
        )}
      </Show>
    </section>
  );
}
