import { A, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { updateCamera } from "../../api/cameras.ts";
import { getCanteen } from "../../api/canteens.ts";
import { type DisclosureView, getDisclosure, updateDisclosure } from "../../api/disclosure.ts";
import { createAction } from "../../action.ts";
import { DeadEnd, isMissing, settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import { me } from "../../stores/session.ts";
import "./public.css";

/**
 * /canteens/:id/disclosure — the school's settings of its canteen's public page (第十二条, 第二十二条): the
 * licence's validity, the hours the public cameras are open to anyone (China time), the viewer cap, and which
 * cameras are public. Each camera's switch saves at once; the form saves the rest.
 */
export function DisclosurePage() {
  const params = useParams<{ id: string }>();
  const [canteen, { refetch: reloadCanteen }] = createResource(() => params.id, (id) => getCanteen(id, me()?.id));
  const [disclosure, { mutate }] = createResource(() => params.id, getDisclosure);
  return (
    <section class="page disclosure-page" data-testid="disclosure-page">
      <p class="breadcrumb">
        <A href={`/canteens/${encodeURIComponent(params.id)}`}>← {t("disclosure.back")}</A>
      </p>
      <Show when={!isMissing(canteen.error ?? disclosure.error)} fallback={<DeadEnd kind="not-found" title="deadEnd.canteen.title" message="deadEnd.canteen.text" />}>
        <ErrorBanner error={canteen.error ?? disclosure.error} />
      </Show>
      <Show when={settled(canteen)}>
        {(c) => (
          <>
            <div class="page-head">
              <h1>{t("disclosure.title")}</h1>
              <span class="muted">{c().orgName} · {c().name}</span>
            </div>
            <p class="small">
              <A href={`/p/${encodeURIComponent(c().publicSlug)}`} target="_blank" data-testid="disclosure-public-link">{t("disclosure.openPublic")}</A> ·{" "}
              <A href={`/p/${encodeURIComponent(c().publicSlug)}/poster`} target="_blank">{t("disclosure.poster")}</A>
            </p>
            <Show when={settled(disclosure)}>{(d) => <DisclosureForm canteenId={c().id} value={d()} onSaved={(next) => mutate(next)} />}</Show>
            <section class="card" data-testid="disclosure-cameras">
              <h2>{t("disclosure.cameras")}</h2>
              <p class="muted small">{t("disclosure.camerasHint")}</p>
              <Show when={c().cameras.length} fallback={<p class="public-empty" data-testid="disclosure-no-cameras">{t("disclosure.noCameras")}</p>}>
                <ul class="public-list">
                  <For each={c().cameras}>
                    {(cam) => <CameraSwitch camera={cam} areaName={c().areas.find((a) => a.id === cam.areaId)?.name ?? ""} onSaved={() => void reloadCanteen()} />}
                  </For>
                </ul>
              </Show>
            </section>
          </>
        )}
      </Show>
    </section>
  );
}

function DisclosureForm(props: { canteenId: string; value: DisclosureView; onSaved: (d: DisclosureView) => void }) {
  const [licence, setLicence] = createSignal(props.value.licenseValidUntil ?? "");
  const [from, setFrom] = createSignal(props.value.liveFrom ?? "");
  const [to, setTo] = createSignal(props.value.liveTo ?? "");
  const [cap, setCap] = createSignal(String(props.value.viewerCap));
  const [saved, setSaved] = createSignal(false);
  const action = createAction();
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setSaved(false);
    void action.run(async () => {
      const body = { licenseValidUntil: licence() || null, liveFrom: from() || null, liveTo: to() || null, viewerCap: Number(cap()) };
      props.onSaved(await updateDisclosure(props.canteenId, body));
      setSaved(true);
    });
  };
  return (
    <form class="card form" onSubmit={submit} data-testid="disclosure-form" novalidate>
      <h2>{t("disclosure.live")}</h2>
      <p class="muted small">{t("disclosure.liveHint")}</p>
      <div class="manage-grid">
        <Field label={t("disclosure.liveFrom")}>
          <input type="time" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} data-testid="disclosure-from" />
        </Field>
        <Field label={t("disclosure.liveTo")}>
          <input type="time" value={to()} onInput={(e) => setTo(e.currentTarget.value)} data-testid="disclosure-to" />
        </Field>
        <Field label={t("disclosure.viewerCap")} hint={t("disclosure.viewerCapHint")}>
          <input type="number" min={1} max={500} inputmode="numeric" value={cap()} onInput={(e) => setCap(e.currentTarget.value)} data-testid="disclosure-cap" />
        </Field>
        <Field label={t("disclosure.licence")} hint={t("disclosure.licenceHint")}>
          <input type="date" value={licence()} onInput={(e) => setLicence(e.currentTarget.value)} data-testid="disclosure-licence" />
        </Field>
      </div>
      <Show when={!from() && !to()}>
        <p class="notice small" data-testid="disclosure-closed">{t("disclosure.closedNote")}</p>
      </Show>
      <ErrorBanner error={action.error()} />
      <div class="actions">
        <Show when={saved()}><span class="muted small" role="status" data-testid="disclosure-saved">{t("disclosure.saved")}</span></Show>
        <button type="submit" class="button-primary" disabled={action.busy()} data-testid="disclosure-save">{t("common.save")}</button>
      </div>
    </form>
  );
}

function CameraSwitch(props: { camera: { id: string; name: string; publicVisible: boolean }; areaName: string; onSaved: () => void }) {
  const action = createAction();
  const [on, setOn] = createSignal(props.camera.publicVisible);
  const toggle = (next: boolean) =>
    void action.run(async () => {
      setOn(next);
      try {
        await updateCamera(props.camera.id, { publicVisible: next });
        props.onSaved();
      } catch (err) {
        setOn(!next);
        throw err;
      }
    });
  return (
    <li data-testid="disclosure-camera" data-camera-id={props.camera.id} data-public={on() ? "true" : "false"} aria-busy={action.busy() ? "true" : "false"}>
      <label class="inline">
        <input type="checkbox" checked={on()} disabled={action.busy()} onChange={(e) => toggle(e.currentTarget.checked)} data-testid="disclosure-camera-public" />{" "}
        {props.camera.name}
        <Show when={props.areaName && props.areaName !== props.camera.name}><span class="muted small"> · {props.areaName}</span></Show>
      </label>
      <span class={on() ? "badge badge-online" : "badge"}>{on() ? t("disclosure.public") : t("disclosure.private")}</span>
      <ErrorBanner error={action.error()} />
    </li>
  );
}
