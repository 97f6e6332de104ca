import { createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { ptzState, releasePtz, sendPtz, takePtz } from "../../api/ptz.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import type { LiveController } from "../../live/types.ts";
import { me } from "../../stores/session.ts";
import { parseMessage } from "../../../server/bus/parse.ts";
import type { PtzCommand } from "../../../server/ptz/contracts.ts";
import "./ptz.css";

type Holder = { userId: string; name: string; rank: "school" | "regulator" } | null;

/**
 * PTZ of one camera in the live room (issue 17): who holds control (everyone sees it change hands on the `ptz`
 * topic), take / take over / hand back, and for the holder: hold a direction or zoom button to move (released: stop),
 * go to or save a preset. A refused or failed command shows why; the picture itself moves in the camera's tile.
 */
export function PtzPanel(props: { camera: { id: string; name: string }; live: LiveController }) {
  const [holder, setHolder] = createSignal<Holder>(null);
  const [presets, setPresets] = createSignal<Array<{ token: string; name: string }>>([]);
  const [error, setError] = createSignal<unknown>();
  const [failed, setFailed] = createSignal<string | null>(null);
  const [preset, setPreset] = createSignal("");
  const [name, setName] = createSignal("");
  const mine = () => holder()?.userId === me()?.id;
  const sent = new Set<string>();
  /** failures heard before our POST answered with the command's id (the bus may be quicker than HTTP) */
  const early = new Map<string, string>();

  const load = () =>
    void ptzState(props.camera.id)
      .then((s) => {
        setHolder(s.holder);
        setPresets(s.presets);
      })
      .catch(setError);
  onMount(load);
  onCleanup(
    props.live.onData("ptz", (payload, from) => {
      const parsed = parseMessage("ptz", payload, from === undefined ? "server" : "browser");
      if (!parsed.ok || parsed.message.cameraId !== props.camera.id) return;
      const m = parsed.message;
      if (m.type === "ptz.control") setHolder(m.holder);
      if (m.type === "ptz.result") {
        if (m.presets) setPresets(m.presets);
        // only the sender hears about its own command's failure
        if (!m.ok && sent.has(m.id)) setFailed(m.error ?? "");
        else if (!m.ok) {
          early.set(m.id, m.error ?? "");
          if (early.size > 50) early.delete(early.keys().next().value!);
        }
      }
    }),
  );

  const send = (command: PtzCommand) => {
    setError(undefined);
    setFailed(null);
    sendPtz(props.camera.id, command)
      .then((r) => {
        sent.add(r.id);
        if (early.has(r.id)) setFailed(early.get(r.id)!);
      })
      .catch(setError);
  };
  const control = (take: boolean) => {
    setError(undefined);
    (take ? takePtz : releasePtz)(props.camera.id)
      .then((s) => setHolder(s.holder))
      .catch(setError);
  };
  /** a button that moves while held down and stops when let go (or when the pointer leaves it) */
  const hold = (label: string, v: { pan: number; tilt: number; zoom: number }, testid: string) => {
    let moving = false;
    const stop = () => {
      if (!moving) return;
      moving = false;
      send({ action: "stop" });
    };
    return (
      <button
        type="button"
        class="ptz-button"
        data-testid={testid}
        disabled={!mine()}
        onPointerDown={() => {
          moving = true;
          send({ action: "move", ...v });
        }}
        onPointerUp={stop}
        onPointerLeave={stop}
      >
        {label}
      </button>
    );
  };

  return (
    <section class="card ptz-panel" data-testid="ptz-panel" data-camera-id={props.camera.id}>
      <h2>{t("ptz.title", { camera: props.camera.name })}</h2>
      <ErrorBanner error={error()} />
      <Show when={failed() !== null}>
        <p class="error" role="alert" data-testid="ptz-failed">
          {t("ptz.failed", { error: failed()! })}
        </p>
      </Show>
      <p data-testid="ptz-holder" data-rank={holder()?.rank ?? ""}>
        {mine() ? t("ptz.you") : holder() ? t(holder()!.rank === "regulator" ? "ptz.holderRegulator" : "ptz.holder", { name: holder()!.name }) : t("ptz.free")}
      </p>
      <div class="ptz-actions">
        <Show when={!mine()} fallback={<button type="button" data-testid="ptz-release" onClick={() => control(false)}>{t("ptz.release")}</button>}>
          <button type="button" data-testid="ptz-take" onClick={() => control(true)}>
            {holder() ? t("ptz.takeOver") : t("ptz.take")}
          </button>
        </Show>
      </div>
      <div class="ptz-pad">
        <span />
        {hold(t("ptz.up"), { pan: 0, tilt: 0.5, zoom: 0 }, "ptz-up")}
        <span />
        {hold(t("ptz.left"), { pan: -0.5, tilt: 0, zoom: 0 }, "ptz-left")}
        <span />
        {hold(t("ptz.right"), { pan: 0.5, tilt: 0, zoom: 0 }, "ptz-right")}
        <span />
        {hold(t("ptz.down"), { pan: 0, tilt: -0.5, zoom: 0 }, "ptz-down")}
        <span />
      </div>
      <div class="ptz-actions">
        {hold(t("ptz.zoomIn"), { pan: 0, tilt: 0, zoom: 0.5 }, "ptz-zoom-in")}
        {hold(t("ptz.zoomOut"), { pan: 0, tilt: 0, zoom: -0.5 }, "ptz-zoom-out")}
      </div>
      <label>
        {t("ptz.presets")}
        <Show when={presets().length} fallback={<span class="muted"> {t("ptz.noPresets")}</span>}>
          <select value={preset()} onChange={(e) => setPreset(e.currentTarget.value)} data-testid="ptz-preset">
            <option value="" />
            <For each={presets()}>{(p) => <option value={p.token}>{p.name}</option>}</For>
          </select>
          <button type="button" disabled={!mine() || !preset()} onClick={() => send({ action: "goto_preset", preset: preset() })}>
            {t("ptz.goto")}
          </button>
        </Show>
      </label>
      <form
        class="ptz-actions"
        onSubmit={(e) => {
          e.preventDefault();
          if (name().trim()) send({ action: "save_preset", name: name().trim() });
        }}
      >
        <input maxLength={32} placeholder={t("ptz.presetName")} value={name()} onInput={(e) => setName(e.currentTarget.value)} disabled={!mine()} />
        <button type="submit" disabled={!mine() || !name().trim()}>
          {t("ptz.save")}
        </button>
      </form>
    </section>
  );
}
