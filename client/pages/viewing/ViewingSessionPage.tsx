import { A, useParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, onCleanup, onMount, Show } from "solid-js";
import { askQuestion, endViewing, getViewing, raiseHand, type ViewingView } from "../../api/viewing.ts";
import { createAction } from "../../action.ts";
import { DeadEnd, isMissing } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { can, me } from "../../stores/session.ts";
import { EvaluationForm } from "./EvaluationForm.tsx";
import { SessionRecord } from "./SessionRecord.tsx";
import { ViewingRoom } from "./ViewingRoom.tsx";
import { applyViewing } from "./viewingPush.ts";
import type { ViewingMessage } from "../../../server/viewing/contracts.ts";
import "../public/public.css";

/**
 * How often the page reads the session again while it is not over, for those not in the room (the school's and
 * the regulator's record view, a parent before the window opens); a parent in the room gets pushes instead.
 */
const REFRESH_MS = 2000;
/** after the window's end, so the server (same clock, give or take) already answers "over" */
const CLOSE_MARGIN_MS = 300;

/** /viewing/:id — a parent watches, asks and evaluates; the host moderates; the regulator reads the record. */
export function ViewingSessionPage() {
  const params = useParams<{ id: string }>();
  const [session, { refetch, mutate }] = createResource(() => params.id, getViewing);
  const inRoom = () => {
    const s = session.latest;
    return !!s && s.state === "open" && can("viewing.join") && s.invitees.some((i) => i.userId === me()?.id);
  };
  onMount(() => {
    const timer = setInterval(() => session.latest?.state !== "over" && !inRoom() && void refetch(), REFRESH_MS);
    onCleanup(() => clearInterval(timer));
  });
  // the window closes by time with no push: read the session again then (the server's clock decides), so a parent
  // in the room is told at once; the gateway withdraws the session's cameras at the same moment
  createEffect(() => {
    const s = session.latest;
    if (s?.state !== "open") return;
    const timer = setTimeout(() => void refetch(), Math.max(0, Date.parse(s.endsAt) - Date.now()) + CLOSE_MARGIN_MS);
    onCleanup(() => clearTimeout(timer));
  });
  // a parent who joined stays connected once the window closes: the public cameras keep playing, and the tiles
  // of the others show the gateway's withdrawal (not the page's) — the parent sees what the server decided
  const [joined, setJoined] = createSignal(false);
  createEffect(() => inRoom() && setJoined(true));
  const update = (next: ViewingView) => mutate(next);
  const push = (m: ViewingMessage) => {
    const s = session.latest;
    if (s) mutate(applyViewing(s, m));
  };
  return (
    <section class="page" data-testid="viewing-session">
      <Show when={!isMissing(session.error)} fallback={<DeadEnd kind="not-found" title="notFound.title" />}>
        <ErrorBanner error={session.error} />
      </Show>
      <Show when={session.latest}>
        {(s) => {
          const mine = () => s().invitees.find((i) => i.userId === me()?.id);
          const parent = () => can("viewing.join") && !!mine();
          return (
            <>
              <div class="page-head">
                <h1 class="user-text">{s().title}</h1>
                <span class="badge badge-online" data-testid="viewing-state" data-state={s().state}>{t(`viewing.state.${s().state}`)}</span>
              </div>
              <p class="small">
                {s().schoolName} · {s().canteenName} · {t("viewing.window", { start: formatTime(s().startsAt), end: formatTime(s().endsAt) })} · {t("viewing.host")}{t("common.colon")}{s().host.displayName}
              </p>
              <Show when={parent() && (s().state === "open" || joined())}>
                <ViewingRoom session={s()} over={s().state === "over"} micOpen={(s().state === "open" && mine()?.micOpen) || false} onPush={push} onFrame={(f) => mutate({ ...s(), frames: [...s().frames, f] })} />
              </Show>
              <Show when={parent() && s().state === "open"}>
                <ParentControls session={s()} handRaised={mine()?.handRaised ?? false} onChange={update} />
              </Show>
              <Show when={parent() && s().state === "over"}>
                <p class="muted" data-testid="viewing-over">{t("viewing.grantEnded")}</p>
                <Show when={!s().evaluations.length} fallback={<p class="notice">{t("viewing.thanks")}</p>}>
                  <EvaluationForm sessionId={s().id} frames={s().frames} onDone={update} />
                </Show>
              </Show>
              <Show when={can("viewing.manage") && s().state !== "over"}>
                <p>
                  <A href={`/live/${s().canteenId}`} class="button button-primary" data-testid="viewing-host-room">{t("viewing.open")}</A>{" "}
                  <EndButton id={s().id} onDone={update} />
                </p>
              </Show>
              <SessionRecord session={s()} onChange={update} />
            </>
          );
        }}
      </Show>
    </section>
  );
}

function ParentControls(props: { session: ViewingView; handRaised: boolean; onChange: (s: ViewingView) => void }) {
  const [text, setText] = createSignal("");
  const action = createAction();
  return (
    <section class="card">
      <form
        class="public-form"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            props.onChange(await askQuestion(props.session.id, { text: text() }));
            setText("");
          });
        }}
      >
        <input type="text" maxLength={500} placeholder={t("viewing.ask")} value={text()} onInput={(e) => setText(e.currentTarget.value)} data-testid="viewing-question" />
        <div class="stars">
          <button type="submit" class="button-primary" disabled={!text().trim() || action.busy()} data-testid="viewing-ask">{t("viewing.askSubmit")}</button>
          <button type="button" data-testid="viewing-hand" aria-pressed={props.handRaised ? "true" : "false"} onClick={() => void action.run(async () => props.onChange(await raiseHand(props.session.id, !props.handRaised)))}>
            {props.handRaised ? t("viewing.lowerHand") : t("viewing.raiseHand")}
          </button>
        </div>
      </form>
      <ErrorBanner error={action.error()} />
    </section>
  );
}

function EndButton(props: { id: string; onDone: (s: ViewingView) => void }) {
  const action = createAction();
  return (
    <>
      <button type="button" data-testid="viewing-end" disabled={action.busy()} onClick={() => confirm(t("viewing.endConfirm")) && void action.run(async () => props.onDone(await endViewing(props.id)))}>
        {t("viewing.end")}
      </button>
      <ErrorBanner error={action.error()} />
    </>
  );
}
