import { useParams } from "@solidjs/router";
import { createSignal, Match, onCleanup, Show, Switch } from "solid-js";
import { getCanteen, recentCanteen } from "../../api/canteens.ts";
import { DeadEnd, isMissing } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { me } from "../../stores/session.ts";
import type { CanteenDetail } from "../../types.ts";
import { LiveRoom } from "./LiveRoom.tsx";

// the router enters the room on the way to this page once this code is here (preload.ts)
export { enterLiveRoomEarly } from "../../live/roomKeeper.ts";

/** How often the page asks again for the canteen: its gateway's and cameras' states change while it is open. */
const REFRESH_MS = 30_000;

/** /live/:canteenId — a new room for each canteen. */
export function LivePage() {
  const params = useParams<{ canteenId: string }>();
  return (
    <Show when={params.canteenId} keyed>
      {(canteenId) => <LiveGate canteenId={canteenId} />}
    </Show>
  );
}

/**
 * The room opens only for a canteen the API shows this viewer: an unknown one, or one outside the viewer's
 * jurisdiction (both 404), gets a plain "not found" page and no connection attempt (the answer the canteen's page
 * got a moment ago for the same user counts: the room connects at once, while the canteen is asked again). Once open, the canteen is
 * asked for again every half minute (the gateway's and the cameras' states); a failed refresh keeps the last one.
 */
function LiveGate(props: { canteenId: string }) {
  // coming from the canteen's page: its answer of a moment ago, so the room connects without waiting for this one
  const [canteen, setCanteen] = createSignal<CanteenDetail | undefined>(recentCanteen(props.canteenId, me()?.id));
  const [error, setError] = createSignal<unknown>();
  let stopped = false;
  async function load() {
    try {
      const detail = await getCanteen(props.canteenId, me()?.id);
      if (stopped) return;
      setCanteen(detail);
      setError(undefined);
    } catch (err) {
      if (!stopped) setError(err);
    }
  }
  void load();
  const timer = setInterval(() => void load(), REFRESH_MS);
  onCleanup(() => {
    stopped = true;
    clearInterval(timer);
  });

  return (
    <Switch fallback={<p class="page muted" data-testid="live-loading">{t("common.loading")}</p>}>
      <Match when={canteen()}>{(detail) => <LiveRoom canteenId={props.canteenId} canteen={detail} />}</Match>
      <Match when={isMissing(error())}>
        <DeadEnd kind="not-found" title="deadEnd.canteen.title" message="deadEnd.canteen.text" />
      </Match>
      <Match when={error()}>
        <section class="page" data-testid="live-page-error">
          <ErrorBanner error={error()} />
        </section>
      </Match>
    </Switch>
  );
}
