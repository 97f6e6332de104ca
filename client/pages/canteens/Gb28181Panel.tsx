import { createResource, createSignal, For, Show } from "solid-js";
import { createCamera } from "../../api/cameras.ts";
import { createGbDevice, deleteGbDevice, listGbDevices } from "../../api/gb28181.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import type { Area, Gateway } from "../../types.ts";

type Device = Awaited<ReturnType<typeof listGbDevices>>["items"][number];
const BADGE: Record<Device["status"], string> = { unknown: "badge", online: "badge badge-online", offline: "badge badge-offline" };

/**
 * The canteen's GB/T 28181 devices (issue 17): add one with its id and SIP password (write-only), see whether
 * it is registered (or why not), and add each channel of its catalog as a camera of an area.
 */
export function Gb28181Panel(props: { canteenId: string; areas: Area[]; gateways: Gateway[]; onCameraAdded: () => void }) {
  const [devices, { refetch }] = createResource(() => props.canteenId, (canteenId) => listGbDevices({ canteenId }).then((r) => r.items));
  // an errored resource rethrows on read: the error is shown by the banner, the list is empty
  const list = () => (devices.error ? [] : (devices.latest ?? []));
  const [deviceId, setDeviceId] = createSignal("");
  const [name, setName] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [areaId, setAreaId] = createSignal("");
  const [confirming, setConfirming] = createSignal<string>();
  const { busy, error, run } = createAction();
  const gatewayId = () => props.gateways.find((g) => !g.revokedAt)?.id;

  const add = (e: SubmitEvent) => {
    e.preventDefault();
    return run(async () => {
      await createGbDevice({ canteenId: props.canteenId, deviceId: deviceId().trim(), name: name().trim(), password: password() });
      setDeviceId("");
      setName("");
      setPassword("");
      await refetch();
    });
  };
  const addChannel = (device: Device, channel: Device["channels"][number]) =>
    run(async () => {
      const gw = gatewayId();
      await createCamera({ areaId: areaId() || props.areas[0]!.id, name: channel.name, source: `gb28181:${device.deviceId}/${channel.channelId}`, ...(gw ? { gatewayId: gw } : {}), ptz: false, publicVisible: false });
      await refetch();
      props.onCameraAdded();
    });
  const remove = (device: Device) =>
    run(async () => {
      await deleteGbDevice(device.id);
      setConfirming(undefined);
      await refetch();
    });

  return (
    <section class="card" data-testid="gb28181-panel">
      <h3>{t("gb28181.title")}</h3>
      <p class="muted">{t("gb28181.hint")}</p>
      <ErrorBanner error={error() ?? devices.error} />
      <Show when={!devices.loading || list().length > 0} fallback={<p class="muted">{t("gb28181.loading")}</p>}>
        <Show when={list().length > 0} fallback={<p class="muted" data-testid="gb28181-empty">{t("gb28181.empty")}</p>}>
          <Show when={props.areas.length > 1}>
            <Field label={t("canteens.areas")}>
              <select data-testid="gb28181-area" value={areaId() || props.areas[0]?.id} onChange={(e) => setAreaId(e.currentTarget.value)}>
                <For each={props.areas}>{(a) => <option value={a.id}>{a.name}</option>}</For>
              </select>
            </Field>
          </Show>
          <ul class="gateways">
            <For each={list()}>
              {(device) => (
                <li class="gateway" data-testid="gb28181-device" data-status={device.status}>
                  <div>
                    <strong>{device.name}</strong> <span class={BADGE[device.status]}>{t(`gb28181.status.${device.status}`)}</span>
                    <br />
                    <small class="muted">
                      {device.deviceId}
                      {device.statusReason ? ` · ${device.statusReason}` : ""}
                    </small>
                    <Show when={device.channels.length > 0} fallback={<p class="muted">{t("gb28181.noChannels")}</p>}>
                      <ul>
                        <For each={device.channels}>
                          {(channel) => (
                            <li data-testid="gb28181-channel">
                              {channel.name} <small class="muted">{channel.channelId}</small>{" "}
                              <Show when={!channel.cameraId} fallback={<span class="badge">{t("gb28181.isCamera")}</span>}>
                                <button type="button" data-testid="gb28181-add-channel" disabled={busy() || props.areas.length === 0} title={props.areas.length === 0 ? t("gb28181.needArea") : undefined} onClick={() => void addChannel(device, channel)}>
                                  {t("gb28181.addChannel")}
                                </button>
                              </Show>
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                  </div>
                  <Show
                    when={confirming() === device.id}
                    fallback={
                      <button type="button" class="button-danger" data-testid="gb28181-remove" onClick={() => setConfirming(device.id)}>
                        {t("gb28181.remove")}
                      </button>
                    }
                  >
                    <div class="confirm">
                      <span>{t("gb28181.confirmRemove", { name: device.name })}</span>
                      <button type="button" class="button-danger" data-testid="gb28181-remove-confirm" disabled={busy()} onClick={() => void remove(device)}>
                        {t("gb28181.remove")}
                      </button>
                      <button type="button" onClick={() => setConfirming(undefined)}>
                        {t("common.cancel")}
                      </button>
                    </div>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <form class="form-inline" data-testid="gb28181-form" onSubmit={add}>
        <Field label={t("gb28181.deviceId")}>
          <input data-testid="gb28181-device-id" required inputMode="numeric" pattern="\d{20}" maxLength={20} value={deviceId()} onInput={(e) => setDeviceId(e.currentTarget.value)} />
        </Field>
        <Field label={t("gb28181.name")}>
          <input data-testid="gb28181-name" required maxLength={60} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field label={t("gb28181.password")} hint={t("gb28181.passwordHint")}>
          <input data-testid="gb28181-password" type="password" autocomplete="new-password" required maxLength={64} value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        <button type="submit" data-testid="gb28181-create" disabled={busy()}>
          {t("gb28181.add")}
        </button>
      </form>
    </section>
  );
}
