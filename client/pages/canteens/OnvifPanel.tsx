import { createSignal, For, Show } from "solid-js";
import { addOnvifCamera, getOnvifRequest, readProfiles, startDiscovery } from "../../api/onvif.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import type { Area, Gateway } from "../../types.ts";

type Request = Awaited<ReturnType<typeof getOnvifRequest>>;
type Device = Request["devices"][number];

/** Polls a request until the gateway has answered it (the API fails it itself after 30 s). */
async function answered(r: Request): Promise<Request> {
  while (r.status === "pending") {
    // the gateway's answer arrives at the API, not here: a poll each second is simple and survives reconnects
    await new Promise((done) => setTimeout(done, 1000));
    r = await getOnvifRequest(r.id);
  }
  return r;
}

/**
 * 发现摄像头 (issue 17): one of the canteen's gateways probes its LAN for ONVIF cameras; the manager picks one, types
 * its credentials to read its profiles, and adds a profile as a camera of an area (PTZ from the profile).
 */
export function OnvifPanel(props: { areas: Area[]; gateways: Gateway[]; onCameraAdded: () => void }) {
  const usable = () => props.gateways.filter((g) => !g.revokedAt);
  const [gatewayId, setGatewayId] = createSignal("");
  const [found, setFound] = createSignal<Request>();
  const [device, setDevice] = createSignal<Device>();
  const [username, setUsername] = createSignal("admin");
  const [password, setPassword] = createSignal("");
  const [read, setRead] = createSignal<Request>();
  const [profile, setProfile] = createSignal("");
  const [name, setName] = createSignal("");
  const [areaId, setAreaId] = createSignal("");
  const [added, setAdded] = createSignal(false);
  const { busy, error, run } = createAction();
  const gw = () => gatewayId() || usable()[0]?.id || "";

  const discover = () =>
    run(async () => {
      setFound(undefined);
      setDevice(undefined);
      setRead(undefined);
      setAdded(false);
      setFound(await answered(await startDiscovery(gw())));
    });
  const choose = (d: Device) => {
    setDevice(d);
    setRead(undefined);
    setName(d.name ?? "");
  };
  const profiles = (e: SubmitEvent) => {
    e.preventDefault();
    return run(async () => {
      setRead(undefined);
      const r = await answered(await readProfiles(gw(), { xaddr: device()!.xaddr, username: username().trim(), password: password() }));
      setRead(r);
      setProfile(r.device?.profiles[0]?.token ?? "");
    });
  };
  const add = (e: SubmitEvent) => {
    e.preventDefault();
    return run(async () => {
      await addOnvifCamera({ requestId: read()!.id, profile: profile(), username: username().trim(), password: password(), name: name().trim(), areaId: areaId() || props.areas[0]!.id });
      setPassword("");
      setRead(undefined);
      setDevice(undefined);
      setAdded(true);
      props.onCameraAdded();
    });
  };
  const failure = (r: Request | undefined) => (r?.status === "failed" ? t(`onvif.failure.${r.failure ?? "fault"}`) : null);

  return (
    <section class="card" data-testid="onvif-panel">
      <h3>{t("onvif.title")}</h3>
      <p class="muted">{t("onvif.hint")}</p>
      <ErrorBanner error={error()} />
      <Show when={usable().length > 0} fallback={<p class="muted" data-testid="onvif-no-gateway">{t("onvif.noGateway")}</p>}>
        <div class="form-inline">
          <Show when={usable().length > 1}>
            <Field label={t("onvif.gateway")}>
              <select data-testid="onvif-gateway" value={gw()} onChange={(e) => setGatewayId(e.currentTarget.value)}>
                <For each={usable()}>{(g) => <option value={g.id}>{g.name}</option>}</For>
              </select>
            </Field>
          </Show>
          <button type="button" data-testid="onvif-discover" disabled={busy()} onClick={() => void discover()}>
            {busy() && !device() ? t("onvif.searching") : t("onvif.discover")}
          </button>
        </div>
        <Show when={failure(found())}>{(why) => <p class="error" data-testid="onvif-failure">{why()}</p>}</Show>
        <Show when={added()}>
          <p class="muted" data-testid="onvif-added">{t("onvif.added")}</p>
        </Show>
        <Show when={found()?.status === "done"}>
          <Show when={found()!.devices.length > 0} fallback={<p class="muted" data-testid="onvif-empty">{t("onvif.empty")}</p>}>
            <ul class="gateways">
              <For each={found()!.devices}>
                {(d) => (
                  <li class="gateway" data-testid="onvif-device">
                    <div>
                      <strong>{d.name ?? d.model ?? t("onvif.unknownDevice")}</strong>
                      <br />
                      <small class="muted">
                        {[d.manufacturer, d.hardware ?? d.model, new URL(d.xaddr).host].filter(Boolean).join(" · ")}
                      </small>
                    </div>
                    <button type="button" data-testid="onvif-choose" disabled={busy()} onClick={() => choose(d)}>
                      {t("onvif.choose")}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Show>
        <Show when={device()}>
          <form class="form-inline" data-testid="onvif-credentials" onSubmit={profiles}>
            <Field label={t("onvif.username")}>
              <input data-testid="onvif-username" required maxLength={64} autocomplete="off" value={username()} onInput={(e) => setUsername(e.currentTarget.value)} />
            </Field>
            <Field label={t("onvif.password")}>
              <input data-testid="onvif-password" type="password" maxLength={128} autocomplete="new-password" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
            </Field>
            <button type="submit" data-testid="onvif-read" disabled={busy()}>
              {busy() ? t("onvif.reading") : t("onvif.readProfiles")}
            </button>
          </form>
          <Show when={failure(read())}>{(why) => <p class="error" data-testid="onvif-profiles-failure">{why()}</p>}</Show>
        </Show>
        <Show when={read()?.device}>
          {(info) => (
            <form class="form-inline" data-testid="onvif-add" onSubmit={add}>
              <Field label={t("onvif.profile")}>
                <select data-testid="onvif-profile" value={profile()} onChange={(e) => setProfile(e.currentTarget.value)}>
                  <For each={info().profiles}>
                    {(p) => (
                      <option value={p.token}>
                        {[p.name, p.width && p.height ? `${p.width}×${p.height}` : null, p.encoding, p.ptz ? t("onvif.ptz") : null].filter(Boolean).join(" · ")}
                      </option>
                    )}
                  </For>
                </select>
              </Field>
              <Field label={t("onvif.name")}>
                <input data-testid="onvif-name" required maxLength={100} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
              </Field>
              <Field label={t("manage.cameraArea")}>
                <select data-testid="onvif-area" value={areaId() || props.areas[0]?.id} onChange={(e) => setAreaId(e.currentTarget.value)}>
                  <For each={props.areas}>{(a) => <option value={a.id}>{a.name}</option>}</For>
                </select>
              </Field>
              <button type="submit" data-testid="onvif-add-camera" disabled={busy() || props.areas.length === 0 || !profile()}>
                {t("onvif.add")}
              </button>
            </form>
          )}
        </Show>
      </Show>
    </section>
  );
}
