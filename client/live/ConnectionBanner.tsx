import { createSignal, onCleanup, Show } from "solid-js";
import { ErrorBanner } from "../components/ErrorBanner.tsx";
import { t } from "../i18n/index.ts";
import type { LiveController } from "./types.ts";

/** 连接中 / 已连接 / 重连中 / 已断开, the countdown to the next attempt, the network quality, blocked sound. */
export function ConnectionBanner(props: { live: LiveController }) {
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 500);
  onCleanup(() => clearInterval(tick));
  const state = () => props.live.state();
  const secondsLeft = () => Math.max(0, Math.ceil(((props.live.nextRetryAt() ?? 0) - now()) / 1000));
  const stopped = () => props.live.stopReason();

  return (
    <>
      <div class={`conn conn-${state()}`} role="status" aria-live="polite" data-testid="connection-state" data-state={state()}>
        <span class="conn-dot" aria-hidden="true" />
        <strong>{t(`live.state.${state()}`)}</strong>
        <Show when={stopped() === "duplicate"}>
          <span>{t("live.duplicate")}</span>
        </Show>
        <Show when={stopped() === "removed"}>
          <span>{t("live.removed")}</span>
        </Show>
        <Show when={props.live.nextRetryAt()}>
          <span data-testid="retry-countdown">{t("live.retryIn", { s: secondsLeft() })}</span>
        </Show>
        <Show when={props.live.nextRetryAt() || stopped() === "duplicate" || stopped() === "removed"}>
          <button type="button" data-testid="reconnect-now" onClick={() => props.live.reconnectNow()}>
            {/* opened elsewhere: coming back here is a choice (it closes the other window's view), not a retry */}
            {t(stopped() === "duplicate" ? "live.useHere" : "live.retryNow")}
          </button>
        </Show>
        <Show when={state() === "connected" && props.live.quality() !== "unknown"}>
          <span class={`quality quality-${props.live.quality()}`} data-testid="connection-quality" data-quality={props.live.quality()}>
            {t("live.quality")} {t(`live.quality.${props.live.quality()}`)}
          </span>
        </Show>
        <Show when={props.live.audioBlocked()}>
          <span class="conn-audio">
            {t("live.audioBlocked")}{" "}
            <button type="button" class="button-primary" data-testid="start-audio" onClick={() => void props.live.startAudio()}>
              {t("live.startAudio")}
            </button>
          </span>
        </Show>
      </div>
      <Show when={stopped() === "refused"}>
        <ErrorBanner error={props.live.error()} />
      </Show>
    </>
  );
}
