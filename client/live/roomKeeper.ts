import { createEffect, createRoot, on } from "solid-js";
import { me } from "../stores/session.ts";
import type { LiveToken } from "../types.ts";
import { createLiveController } from "./controller.ts";
import { takeLiveToken } from "./tokenPrefetch.ts";
import type { LiveController } from "./types.ts";

/** How long a left room stays open (parked: no camera, no voice either way) for the viewer to come back. */
export const PARK_MS = 30_000;

/**
 * The room kept for the live page: one it left a moment ago (parked), or one entered on the way to it before it
 * rendered (`firstToken`: that room has not been shown yet).
 */
let parked: { canteenId: string; controller: LiveController; timer: ReturnType<typeof setTimeout>; firstToken?: Promise<LiveToken> } | null = null;

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
 * The room of a canteen for its live page: the one kept for this canteen when there is one (still connected, or
 * still getting back in by itself), otherwise a new one, connecting. Going back to the canteen's page and opening
 * 实时查看 again then costs a subscription, not a connection (issue 11, item 18). `firstToken`: the answer that
 * connected a room entered on the way here (it says which inspection is in progress).
 */
export function enterLiveRoom(canteenId: string, fetchToken: () => Promise<LiveToken>): { live: LiveController; firstToken?: Promise<LiveToken> } {
  const kept = parked?.canteenId === canteenId && parked.controller.stopReason() === null ? parked : null;
  if (kept) {
    clearTimeout(kept.timer);
    parked = null;
    if (kept.firstToken) {
      kept.controller.adopt(fetchToken);
      return { live: kept.controller, firstToken: kept.firstToken };
    }
    kept.controller.resume(fetchToken);
    return { live: kept.controller };
  }
  closeParked();
  const live = createLiveController({ canteenId, fetchToken });
  void live.connect();
  return { live };
}

/**
 * On the way to a canteen's live page (the click, before the page renders): enter its room now, so the connection
 * does not wait for the page to be drawn. The page takes it over (enterLiveRoom); if it never comes, it closes.
 */
export function enterLiveRoomEarly(canteenId: string): void {
  if (parked?.canteenId === canteenId) return;
  closeParked();
  let firstToken: Promise<LiveToken> | undefined;
  const controller = createLiveController({
    canteenId,
    fetchToken: () => {
      const token = takeLiveToken(canteenId);
      firstToken ??= token;
      return token;
    },
  });
  void controller.connect(); // asks for the token before returning: firstToken is set
  parked = { canteenId, controller, timer: setTimeout(closeParked, PARK_MS), firstToken: firstToken! };
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
