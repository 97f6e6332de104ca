import { createSignal, onCleanup } from "solid-js";
import { listInspections } from "../../api/inspections.ts";
import { parseSessionMessage, SESSION_TOPIC } from "../../live/sessionMessages.ts";
import type { LiveController } from "../../live/types.ts";
import { can } from "../../stores/session.ts";
import type { ActiveInspectionSummary, Inspection } from "../../types.ts";
import { onReconnected } from "../../live/reconnected.ts";

export type InspectionState = ReturnType<typeof createInspectionState>;

/**
 * The canteen's active inspection: read from the API (those with inspections.read) when the page opens and
 * after every (re)connection; viewers without inspections.read (staff, parents) learn it from the room
 * token's answer (fromToken). Then the server's "session" messages in the room keep it current.
 */
export function createInspectionState(canteenId: string, live: Pick<LiveController, "state" | "onData">) {
  const [active, setActive] = createSignal<ActiveInspectionSummary | null>(null);
  const [lastEnded, setLastEnded] = createSignal<Inspection | null>(null);
  const [error, setError] = createSignal<unknown>();
  /** whether `active` is known: read from the API, or told by a message (viewers without inspections.read) */
  const [known, setKnown] = createSignal(false);
  // a message newer than a GET in flight wins over that GET's answer
  let generation = 0;

  async function refresh() {
    if (!can("inspections.read")) return;
    const mine = ++generation;
    try {
      const page = await listInspections({ canteenId, status: "active", limit: 1 });
      if (mine !== generation) return;
      setActive(page.items[0] ?? null);
      setKnown(true);
      setError(undefined);
    } catch (err) {
      if (mine === generation) setError(err);
    }
  }

  /** An inspection as the API or a message describes it now. */
  function apply(inspection: Inspection) {
    if (inspection.canteenId !== canteenId) return;
    generation++;
    setKnown(true);
    setError(undefined);
    if (inspection.status === "active") {
      setActive(inspection);
      return;
    }
    const current = active();
    if (!current || current.id === inspection.id) setActive(null);
    setLastEnded(inspection);
  }

  /**
   * The inspection in progress as the token's answer gave it, for those who cannot list inspections;
   * `askedAt` is the generation when the token was asked for: a message that came meanwhile wins.
   */
  function fromToken(summary: ActiveInspectionSummary | null, askedAt: number) {
    if (can("inspections.read") || askedAt !== generation) return;
    setKnown(true);
    setActive(summary);
  }
  const tokenAsked = () => generation;

  onCleanup(
    live.onData(SESSION_TOPIC, (payload, from) => {
      const message = parseSessionMessage(payload, from);
      if (message) apply(message.inspection);
    }),
  );

  void refresh();
  onReconnected(live, () => void refresh());

  return { active, known, lastEnded, error, setError, apply, refresh, fromToken, tokenAsked };
}
