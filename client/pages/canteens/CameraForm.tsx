import { createSignal, For, Show } from "solid-js";
import { api } from "../../api.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import type { Area, Camera, Gateway } from "../../types.ts";

/** Adds a camera: its area, stream source, optional gateway, PTZ and whether parents may watch it. */
export function CameraForm(props: { areas: Area[]; gateways: Gateway[]; onCreated: (camera: Camera) => void }) {
  const [areaId, setAreaId] = createSignal("");
  const [name, setName] = createSignal("");
  const [source, setSource] = createSignal("");
  const [gatewayId, setGatewayId] = createSignal("");
  const [ptz, setPtz] = createSignal(false);
  const [publicVisible, setPublicVisible] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const activeGateways = () => props.gateways.filter((g) => !g.revokedAt);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const camera = await api.post<Camera>("/cameras", {
        areaId: areaId() || props.areas[0]?.id,
        name: name().trim(),
        source: source().trim(),
        ...(gatewayId() ? { gatewayId: gatewayId() } : {}),
        ptz: ptz(),
        publicVisible: publicVisible(),
      });
      setName("");
      setSource("");
      props.onCreated(camera);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card form" data-testid="camera-form" onSubmit={submit}>
      <h3>{t("manage.addCamera")}</h3>
      <ErrorBanner error={error()} />
      <div class="form-row">
        <Field label={t("manage.cameraArea")}>
          <select data-testid="camera-area" required value={areaId() || props.areas[0]?.id || ""} onChange={(e) => setAreaId(e.currentTarget.value)}>
            <For each={props.areas}>{(a) => <option value={a.id}>{a.name}</option>}</For>
          </select>
        </Field>
        <Field label={t("manage.cameraName")}>
          <input data-testid="camera-name-input" required maxLength={100} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
      </div>
      <Field label={t("manage.cameraSource")} hint={t("manage.cameraSourceHint")}>
        <input data-testid="camera-source" required maxLength={500} placeholder="rtsp://" value={source()} onInput={(e) => setSource(e.currentTarget.value)} />
      </Field>
      <Show when={activeGateways().length > 0}>
        <Field label={t("manage.cameraGateway")}>
          <select data-testid="camera-gateway" value={gatewayId()} onChange={(e) => setGatewayId(e.currentTarget.value)}>
            <option value="">{t("manage.noGateway")}</option>
            <For each={activeGateways()}>{(g) => <option value={g.id}>{g.name}</option>}</For>
          </select>
        </Field>
      </Show>
      <label class="check">
        <input type="checkbox" data-testid="camera-ptz" checked={ptz()} onChange={(e) => setPtz(e.currentTarget.checked)} />
        {t("manage.ptz")}
      </label>
      <label class="check">
        <input type="checkbox" data-testid="camera-public" checked={publicVisible()} onChange={(e) => setPublicVisible(e.currentTarget.checked)} />
        {t("manage.public")}
      </label>
      <button type="submit" disabled={busy() || props.areas.length === 0}>
        {t("common.create")}
      </button>
    </form>
  );
}
