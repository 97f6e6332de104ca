import { createSignal, onCleanup } from "solid-js";
import type { LiveController } from "./types.ts";

export interface PushToTalk {
  talking(): boolean;
  press(): void;
  release(): void;
}

/** Hold to talk: the microphone is on while held and returns to how it was (usually off) on release. */
export function createPushToTalk(live: Pick<LiveController, "micEnabled" | "setMicEnabled">): PushToTalk {
  const [talking, setTalking] = createSignal(false);
  let wasOn = false;
  return {
    talking,
    press() {
      if (talking()) return;
      wasOn = live.micEnabled();
      setTalking(true);
      void live.setMicEnabled(true);
    },
    release() {
      if (!talking()) return;
      setTalking(false);
      if (!wasOn) void live.setMicEnabled(false);
    },
  };
}

/** Keys and controls that use the space bar themselves: typing, buttons, selects (the talk button excepted). */
function spaceBelongsTo(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest("[data-ptt]")) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON|SUMMARY)$/.test(target.tagName) || target.getAttribute("role") === "button";
}

/** Holding the space bar talks (while `enabled`); leaving the window releases. Removed with the owner. */
export function bindSpaceBar(ptt: PushToTalk, enabled: () => boolean) {
  const down = (e: KeyboardEvent) => {
    if (e.code !== "Space" || !enabled() || spaceBelongsTo(e.target)) return;
    e.preventDefault();
    if (!e.repeat) ptt.press();
  };
  const up = (e: KeyboardEvent) => {
    if (e.code !== "Space" || !ptt.talking()) return;
    e.preventDefault();
    ptt.release();
  };
  const blur = () => ptt.release();
  window.addEventListener("keydown", down);
  window.addEventListener("keyup", up);
  window.addEventListener("blur", blur);
  onCleanup(() => {
    window.removeEventListener("keydown", down);
    window.removeEventListener("keyup", up);
    window.removeEventListener("blur", blur);
    ptt.release();
  });
}
