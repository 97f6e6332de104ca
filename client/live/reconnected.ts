import { createEffect, on } from "solid-js";
import type { LiveController } from "./types.ts";

/**
 * Runs `reread` each time the room becomes connected — the first connection included, since the page's first
 * read from the API happens before it joins — and after every reconnection: messages broadcast while the page was
 * not in the room are lost, so what they would have told is read again from the API. The live room's orders,
 * annotations, inspection state and dispatch notices all catch up this way.
 */
export function onReconnected(live: Pick<LiveController, "state">, reread: () => void) {
  createEffect(
    on(
      () => live.state() === "connected",
      (connected, was) => {
        if (connected && !was) reread();
      },
      { defer: true },
    ),
  );
}
