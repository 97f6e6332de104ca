import { Show } from "solid-js";
import { formatTime, t } from "../../i18n/index.ts";
import type { CanteenDetail } from "../../types.ts";

/**
 * Beside the room's connection: the state of the canteen's edge gateway (online, offline since its last report,
 * none) and how many cameras are online, so a connected room with nothing to show does not look fine.
 */
export function DeviceStatus(props: { canteen: CanteenDetail; online: number }) {
  const gateway = () => props.canteen.gateway;
  const total = () => props.canteen.cameras.length;
  const tone = () => (gateway().state !== "online" ? "bad" : props.online === 0 && total() > 0 ? "bad" : props.online < total() ? "warn" : "ok");
  return (
    <div class={`device-status device-${tone()}`} role="status" data-testid="device-status" data-gateway={gateway().state} data-online={props.online}>
      <span class="conn-dot" aria-hidden="true" />
      <strong data-testid="gateway-state">{t(`gateway.state.${gateway().state}`)}</strong>
      <Show when={gateway().state === "offline"}>
        <span class="small" data-testid="gateway-last-seen">
          {gateway().lastSeenAt ? t("gateway.lastSeen", { time: formatTime(gateway().lastSeenAt!) }) : t("gateway.neverSeen")}
        </span>
      </Show>
      <span class="device-cameras" data-testid="cameras-online">
        {t("live.camerasOnline", { online: props.online, total: total() })}
      </span>
      <Show when={gateway().state === "offline"}>
        <p class="device-hint small">{t("gateway.offlineHint")}</p>
      </Show>
    </div>
  );
}
