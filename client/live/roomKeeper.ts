import { createEffect, createRoot, on } from "solid-js";
import { me } from "../stores/session.ts";
import type { LiveToken } from "../types.ts";
import { createLiveController } from "./controller.ts";
import type { LiveController } from "./types.ts";

/** How long a left room stays open (parked: no camera, no voice either way) for the viewer to come back. */
export const PARK_MS = 30_000;

let parked: { canteenId: string; controller: LiveController; timer: ReturnType<typeof setTimeout> } | null = null;

/** End-to-end tests may shorten the wait (0: every page leave closes the room, as before the keeper). */
const parkMs = () => {
  const w = globalThis as { __MCLL_TEST__?: boolean; __MCLL_PARK_MS__?: number };
  return w.__MCLL_TEST__ && typeof w.__MCLL_PARK_MS__ === "number" ? w.__MCLL_PARK_MS__ : PARK_MS;
};

function closeParked() {
  if (!parked) return;
  clearTimeout(parked.timer);
  void parked.controller.close();
  parked = null;
}

// signing out leaves the room at once
createRoot(() => createEffect(on(me, (user) => user === null && closeParked(), { defer: true })));

/**
 * The room of a canteen for its live page: the one left on this canteen a moment ago when there is one (still
 * connected, or still getting back in by itself), otherwise a new one, connecting. Going back to the canteen's
 * page and opening 实时查看 again then costs a subscription, not a connection (issue 11, item 18).
 */
export function enterLiveRoom(canteenId: string, fetchToken: () => Promise<LiveToken>): LiveController {
  const kept = parked?.canteenId === canteenId && parked.controller.stopReason() === null ? parked.controller : null;
  if (kept) {
    clearTimeout(parked!.timer);
    parked = null;
    kept.resume(fetchToken);
    return kept;
  }
  closeParked();
  const controller = createLiveController({ canteenId, fetchToken });
  void controller.connect();
  return controller;
}

/** The live page is gone: the room is parked for PARK_MS, then closed (or closed now, if another is parked). */
export function leaveLiveRoom(canteenId: string, controller: LiveController): void {
  closeParked();
  const ms = parkMs();
  if (ms <= 0 || controller.stopReason() !== null) {
    void controller.close();
    return;
  }
  controller.park();
  parked = { canteenId, controller, timer: setTimeout(closeParked, ms) };
}
