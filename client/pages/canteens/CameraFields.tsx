import { type Accessor, For, type Setter, Show } from "solid-js";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import type { Area } from "../../types.ts";
import { RULES } from "../../validate.ts";

type Draft<T> = [Accessor<T>, Setter<T>];
export interface CameraDraft {
  areaId: Draft<string>;
  name: Draft<string>;
  source: Draft<string>;
  /** "" for none */
  gatewayId: Draft<string>;
  ptz: Draft<boolean>;
  publicVisible: Draft<boolean>;
}

/** The camera fields both the add and the edit form show: area, name, source, gateway, PTZ, 家长可见. */
export function CameraFields(props: { draft: CameraDraft; areas: Area[]; gateways: Array<{ id: string; label: string }> }) {
  const d = props.draft;
  return (
    <>
      <div class="form-row">
        <Field label={t("manage.cameraArea")}>
          <select data-testid="camera-area" required value={d.areaId[0]()} onChange={(e) => d.areaId[1](e.currentTarget.value)}>
            <For each={props.areas}>{(a) => <option value={a.id}>{a.name}</option>}</For>
          </select>
        </Field>
        <Field label={t("manage.cameraName")}>
          <input data-testid="camera-name-input" required maxLength={RULES.nameMax} value={d.name[0]()} onInput={(e) => d.name[1](e.currentTarget.value)} />
        </Field>
      </div>
      <Field label={t("manage.cameraSource")} hint={t("manage.cameraSourceHint")}>
        <input data-testid="camera-source" required maxLength={RULES.sourceMax} placeholder="rtsp://" value={d.source[0]()} onInput={(e) => d.source[1](e.currentTarget.value)} />
      </Field>
      <Show when={props.gateways.length > 0}>
        <Field label={t("manage.cameraGateway")}>
          <select data-testid="camera-gateway" value={d.gatewayId[0]()} onChange={(e) => d.gatewayId[1](e.currentTarget.value)}>
            <option value="">{t("manage.noGateway")}</option>
            <For each={props.gateways}>{(g) => <option value={g.id}>{g.label}</option>}</For>
          </select>
        </Field>
      </Show>
      <label class="check">
        <input type="checkbox" data-testid="camera-ptz" checked={d.ptz[0]()} onChange={(e) => d.ptz[1](e.currentTarget.checked)} />
        {t("manage.ptz")}
      </label>
      <label class="check">
        <input type="checkbox" data-testid="camera-public" checked={d.publicVisible[0]()} onChange={(e) => d.publicVisible[1](e.currentTarget.checked)} />
        {t("manage.public")}
      </label>
    </>
  );
}
