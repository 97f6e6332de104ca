import { cameraStatusLabel } from "../i18n/index.ts";
import type { CameraStatus } from "../types.ts";

export function StatusBadge(props: { status: CameraStatus }) {
  return (
    <span class={`badge badge-${props.status}`} data-testid="camera-status" data-status={props.status}>
      {cameraStatusLabel(props.status)}
    </span>
  );
}
