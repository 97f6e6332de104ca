import { createSignal } from "solid-js";

const KEY = "mcll.alerts.notify";

function stored(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === "1";
  } catch {
    return false;
  }
}

const [enabled, setEnabledSignal] = createSignal(stored());
export { enabled as notifyEnabled };

/** Turns the sound and browser notifications on (asking the browser's permission) or off; remembered. */
export async function setNotify(on: boolean) {
  setEnabledSignal(on);
  try {
    localStorage.setItem(KEY, on ? "1" : "0");
  } catch {
    /* private mode: for this page only */
  }
  if (on && typeof Notification !== "undefined" && Notification.permission === "default") {
    await Notification.requestPermission().catch(() => undefined);
  }
}

let audio: AudioContext | undefined;
/** Two short tones: audible on a busy desk, not alarming. */
function chime() {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.15, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, now + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.18);
      osc.stop(now + i * 0.18 + 0.17);
    }
  } catch {
    /* no audio device */
  }
}

/** A new alert arrived: chime and, when allowed, a system notification (while the toggle is on). */
export function announce(title: string, body: string) {
  if (!enabled()) return;
  chime();
  if (typeof Notification !== "undefined" && Notification.permission === "granted") {
    try {
      new Notification(title, { body, tag: "mcll-alert" });
    } catch {
      /* some mobile browsers only notify from a service worker */
    }
  }
}
