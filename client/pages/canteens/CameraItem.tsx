import { A } from "@solidjs/router";
import { createSignal, type JSX, Show } from "solid-js";
import { can } from "../../stores/session.ts";
import { StatusBadge } from "../../components/StatusBadge.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import type { Camera } from "../../types.ts";
import { CameraVideo } from "./CameraVideo.tsx";

/**
 * One camera: status badge, name, and its flags (PTZ, visible to parents). Sources only reach managers;
 * with an `editor` the camera gets an 编辑 button that opens it below.
 */
export function CameraItem(props: { camera: Camera; editor?: (close: () => void) => JSX.Element }) {
  const [editing, setEditing] = createSignal(false);
  return (
    <li class="camera" data-testid="camera-item" data-camera-id={props.camera.id}>
      <StatusBadge status={props.camera.status} />
      <span class="camera-name" data-testid="camera-name">
        {props.camera.name}
      </span>
      <Show when={props.camera.ptz}>
        <span class="tag">{t("camera.ptz")}</span>
      </Show>
      <Show when={props.camera.publicVisible}>
        <span class="tag tag-public">{t("camera.public")}</span>
      </Show>
      <CameraVideo camera={props.camera} />
      <Show when={props.camera.lastSeenAt}>{(at) => <small class="muted">{t("camera.lastSeen", { time: formatTime(at()) })}</small>}</Show>
      <Show when={can("recordings.read")}>
        <A class="button-small" href={`/cameras/${encodeURIComponent(props.camera.id)}/recordings`} data-testid="camera-recordings">
          {t("record.open")}
        </A>
      </Show>
      <Show when={props.camera.source}>
        {(source) => (
          <small class="camera-source muted" title={t("camera.source")}>
            {source()}
          </small>
        )}
      </Show>
      <Show when={props.editor}>
        {(editor) => (
          <Show
            when={editing()}
            fallback={
              <button type="button" class="button-small" data-testid="camera-edit" onClick={() => setEditing(true)}>
                {t("common.edit")}
              </button>
            }
          >
            <div class="camera-editor">{editor()(() => setEditing(false))}</div>
          </Show>
        )}
      </Show>
    </li>
  );
}
