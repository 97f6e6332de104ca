import { createSignal } from "solid-js";
import { createAction } from "../../action.ts";
import { updateCamera } from "../../api/cameras.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import type { Area, Camera, Gateway } from "../../types.ts";
import { checkCameraSource, checkName, formProblems } from "../../validate.ts";
import { CameraFields } from "./CameraFields.tsx";
import { SaveCancel } from "../../components/SaveCancel.tsx";

type CameraPatch = Parameters<typeof updateCamera>[1];

/** Edits a camera in place (name, source, area, gateway or none, PTZ, 家长可见); sends only what changed. */
export function CameraEditForm(props: { camera: Camera; areas: Area[]; gateways: Gateway[]; onSaved: () => void; onCancel: () => void }) {
  const c = props.camera;
  const draft = {
    areaId: createSignal(c.areaId),
    name: createSignal(c.name),
    source: createSignal(c.source ?? ""),
    gatewayId: createSignal(c.gatewayId ?? ""),
    ptz: createSignal(c.ptz),
    publicVisible: createSignal(c.publicVisible),
  };
  const action = createAction();
  // active gateways, plus the camera's own even if since revoked (so it shows, and can be cleared)
  const gatewayChoices = () =>
    props.gateways
      .filter((g) => !g.revokedAt || g.id === c.gatewayId)
      .map((g) => ({ id: g.id, label: g.revokedAt ? t("manage.gatewayRevoked", { name: g.name }) : g.name }));

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const name = draft.name[0]().trim();
    const source = draft.source[0]().trim();
    const sourceChanged = source !== (c.source ?? "");
    const patch: CameraPatch = {};
    if (name !== c.name) patch.name = name;
    if (sourceChanged) patch.source = source;
    if (draft.areaId[0]() !== c.areaId) patch.areaId = draft.areaId[0]();
    if ((draft.gatewayId[0]() || null) !== c.gatewayId) patch.gatewayId = draft.gatewayId[0]() || null;
    if (draft.ptz[0]() !== c.ptz) patch.ptz = draft.ptz[0]();
    if (draft.publicVisible[0]() !== c.publicVisible) patch.publicVisible = draft.publicVisible[0]();
    return action.run(
      async () => {
        if (Object.keys(patch).length) await updateCamera(c.id, patch);
        props.onSaved();
      },
      formProblems(["manage.cameraName", checkName(name)], ["manage.cameraSource", sourceChanged ? checkCameraSource(source) : undefined]),
    );
  };

  return (
    <form class="form camera-edit-form" data-testid="camera-edit-form" onSubmit={submit}>
      <h3>{t("manage.editCamera")}</h3>
      <ErrorBanner error={action.error()} />
      <CameraFields draft={draft} areas={props.areas} gateways={gatewayChoices()} />
      <div class="actions">
        <SaveCancel busy={action.busy()} testid="camera-edit-save" onCancel={props.onCancel} />
      </div>
    </form>
  );
}
