import { A } from "@solidjs/router";
import { createResource, createSignal, onCleanup, Show } from "solid-js";
import { getViewing, listViewing } from "../../api/viewing.ts";
import { t } from "../../i18n/index.ts";
import type { LiveController } from "../../live/types.ts";
import { SessionRecord } from "../viewing/SessionRecord.tsx";
import { applyViewing, onViewingPush } from "../viewing/viewingPush.ts";

/** How often the room looks for a session that has just opened on this canteen. */
const LOOK_MS = 30_000;

/**
 * The host in the canteen's live room during a supervised viewing session: the parents' questions and raised
 * hands arrive as the server pushes them (topic `viewing`), and the host answers, hides and opens a parent's
 * microphone from here while speaking to them.
 */
export function ViewingHostPanel(props: { canteenId: string; live: Pick<LiveController, "onData"> }) {
  const [tick, setTick] = createSignal(0);
  const timer = setInterval(() => setTick((n) => n + 1), LOOK_MS);
  onCleanup(() => clearInterval(timer));
  const [current] = createResource(
    () => [props.canteenId, tick()] as const,
    // Looking for an open session must not disturb the live room: a failed look keeps what the last one found.
    async ([canteenId]): Promise<string | null> => {
      try {
        return (await listViewing({ canteenId, limit: 20 })).items.find((s) => s.state === "open")?.id ?? null;
      } catch {
        return current.latest ?? null;
      }
    },
  );
  const [session, { mutate }] = createResource(
    () => current.latest ?? false,
    async (id) => {
      try {
        return await getViewing(id);
      } catch {
        return null;
      }
    },
  );
  onCleanup(
    onViewingPush(props.live, (m) => {
      const s = session.latest;
      if (s) mutate(applyViewing(s, m));
    }),
  );
  return (
    <Show when={session.latest?.state === "open" && session.latest}>
      {(s) => (
        <section class="card" data-testid="viewing-host-panel" data-session={s().id}>
          <h2>
            {t("viewing.hostPanel")} · <span class="user-text">{s().title}</span>
          </h2>
          <p class="small">
            <A href={`/viewing/${encodeURIComponent(s().id)}`}>{t("viewing.openRecord")}</A>
          </p>
          <SessionRecord session={s()} onChange={(next) => mutate(next)} live />
        </section>
      )}
    </Show>
  );
}
