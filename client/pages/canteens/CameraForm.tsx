import { createSignal } from "solid-js";
import { createCamera } from "../../api/cameras.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import type { Area, Camera, Gateway } from "../../types.ts";
import { type CameraDraft, CameraFields } from "./CameraFields.tsx";
import { createAction } from "../../action.ts";

/** Adds a camera: its area, stream source, optional gateway, PTZ and whether parents may watch it. */
export function CameraForm(props: { areas: Area[]; gateways: Gateway[]; onCreated: (camera: Camera) => void }) {
  const [areaId, setAreaId] = createSignal("");
  // the area defaults to the first one until another is picked
  const draft: CameraDraft = {
    areaId: [() => areaId() || props.areas[0]?.id || "", setAreaId],
    name: createSignal(""),
    source: createSignal(""),
    gatewayId: createSignal(""),
    ptz: createSignal(false),
    publicVisible: createSignal(false),
  };
  const { busy, error, run } = createAction();
  const activeGateways = () => props.gateways.filter((g) => !g.revokedAt).map((g) => ({ id: g.id, label: g.name }));

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    await run(async () => {
      const camera = await createCamera({
        areaId: draft.areaId[0](),
        name: draft.name[0]().trim(),
        source: draft.source[0]().trim(),
        ...(draft.gatewayId[0]() ? { gatewayId: draft.gatewayId[0]() } : {}),
        ptz: draft.ptz[0](),
        publicVisible: draft.publicVisible[0](),
      });
      draft.name[1]("");
      draft.source[1]("");
      props.onCreated(camera);
    });
  }

  return (
    <form class="card form" data-testid="camera-form" onSubmit={submit}>
      <h3>{t("manage.addCamera")}</h3>
      <ErrorBanner error={error()} />
      <CameraFields draft={draft} areas={props.areas} gateways={activeGateways()} />
      <button type="submit" disabled={busy() || props.areas.length === 0}>
        {t("common.create")}
      </button>
    </form>
  );
}
