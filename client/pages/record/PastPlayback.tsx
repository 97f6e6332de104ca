import { createSignal, For, Show } from "solid-js";
import { startPlayback } from "../../api/record.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { chinaLocalToMs, msToChinaLocal } from "./pastTime.ts";

/**
 * From the inspection panel: play one of the canteen's recorded cameras from a past time, together in the room
 * (POST /api/v1/playback) — the time the inspection looks at when it is one of a past time, else two minutes ago.
 */
export function PastPlayback(props: { cameras: () => Array<{ id: string; name: string }>; at?: () => string | null }) {
  const [cameraId, setCameraId] = createSignal(props.cameras()[0]?.id ?? "");
  const [when, setWhen] = createSignal(msToChinaLocal(props.at?.() ? Date.parse(props.at()!) : Date.now() - 120_000));
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const play = () => {
    const at = chinaLocalToMs(when());
    if (!cameraId() || Number.isNaN(at)) return;
    setBusy(true);
    setError(undefined);
    startPlayback({ cameraId: cameraId(), at: new Date(at).toISOString() })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <Show when={props.cameras().length}>
      <div class="past-playback" data-testid="past-playback">
        <h4>{t("record.review.playTitle")}</h4>
        <ErrorBanner error={error()} />
        <label>
          {t("record.review.camera")}{" "}
          <select data-testid="past-playback-camera" value={cameraId()} onChange={(e) => setCameraId(e.currentTarget.value)}>
            <For each={props.cameras()}>{(c) => <option value={c.id}>{c.name}</option>}</For>
          </select>
        </label>
        <label>
          {t("record.review.time")}{" "}
          <input type="datetime-local" step="1" data-testid="past-playback-time" value={when()} onInput={(e) => setWhen(e.currentTarget.value)} />
        </label>
        <button type="button" class="button-large" data-testid="past-playback-play" disabled={busy()} onClick={play}>
          {t("record.playback.play")}
        </button>
      </div>
    </Show>
  );
}
