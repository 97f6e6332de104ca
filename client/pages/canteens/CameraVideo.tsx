import { createSignal, Show } from "solid-js";
import { approveReference } from "../../api/cameras.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { can } from "../../stores/session.ts";
import { formatTime, t } from "../../i18n/index.ts";
import type { Camera } from "../../types.ts";

/**
 * What the gateway saw the source send (codec and full size; an H.265 camera gets a warning: decoded in
 * software on the gateway, and its recordings stay H.265, which this browser cannot play), and 视频诊断's
 * reference view: the school approves the current picture (managers only).
 */
export function CameraVideo(props: { camera: Camera }) {
  const [reference, setReference] = createSignal(props.camera.reference);
  const { busy, error, run } = createAction();
  const approve = () =>
    run(async () => {
      setReference((await approveReference(props.camera.id)).reference);
    });
  return (
    <>
      <Show when={props.camera.video}>
        {(v) => (
          <small class="tag" data-testid="camera-codec" title={t("camera.sourceSize", { width: v().width, height: v().height })}>
            {t(v().codec === "hevc" ? "camera.codec.hevc" : v().codec === "h264" ? "camera.codec.h264" : "camera.codec.other", { codec: v().codec })} {v().width}×{v().height}
          </small>
        )}
      </Show>
      <Show when={props.camera.video?.codec === "hevc"}>
        <small class="warning" role="note" data-testid="camera-hevc-warning">
          {t("camera.hevcWarning")}
        </small>
      </Show>
      <Show when={can("canteens.manage")}>
        <span class="camera-reference" data-testid="camera-reference">
          <small class="muted">
            {reference()?.pending
              ? t("camera.reference.pending")
              : reference()?.approvedAt
                ? t("camera.reference.approved", { time: formatTime(reference()!.approvedAt!) })
                : t("camera.reference.none")}
          </small>
          <button type="button" class="button-small" data-testid="camera-reference-approve" disabled={busy()} onClick={approve} title={t("camera.reference.help")}>
            {t("camera.reference.approve")}
          </button>
          <ErrorBanner error={error()} />
        </span>
      </Show>
    </>
  );
}
