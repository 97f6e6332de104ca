import { A } from "@solidjs/router";
import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { listViewing, type ViewingSummaryView } from "../../api/viewing.ts";
import { formatTime, t } from "../../i18n/index.ts";

/** How often a parent's pages look for a reminder (the job reminds REMIND_BEFORE_MS ahead, every minute). */
const LOOK_MS = 60_000;

/**
 * An invited parent's reminder on every page (in the app, no SMS): a session the reminder job has flagged and
 * that is not over yet — with a join link once the window is open.
 */
export function ViewingReminder() {
  const [tick, setTick] = createSignal(0);
  const timer = setInterval(() => setTick((n) => n + 1), LOOK_MS);
  onCleanup(() => clearInterval(timer));
  // A reminder is a courtesy on top of every page: when the list cannot be fetched (offline, server restarting)
  // the page keeps the reminders it had rather than failing.
  const [due] = createResource(tick, async (): Promise<ViewingSummaryView[]> => {
    try {
      return (await listViewing({ limit: 30 })).items.filter((s) => s.invited && s.remindedAt && s.state !== "over");
    } catch {
      return due.latest ?? [];
    }
  });
  return (
    <Show when={due.latest?.length}>
      <div class="notice viewing-reminders" role="status" data-testid="viewing-reminder">
        <For each={due.latest}>
          {(s) => (
            <p data-session={s.id}>
              {t("viewing.reminder", { title: s.title, start: formatTime(s.startsAt) })}{" "}
              <A href={`/viewing/${encodeURIComponent(s.id)}`} class={s.state === "open" ? "button button-primary" : "button"}>
                {s.state === "open" ? t("viewing.join") : t("viewing.open")}
              </A>
            </p>
          )}
        </For>
      </div>
    </Show>
  );
}
