import type { Room } from "livekit-client";
import { createSignal } from "solid-js";

/**
 * The local microphone: the last wish wins, one SDK call at a time (push-to-talk presses and releases faster
 * than the SDK publishes a track). `changed` runs after every step so the room's accessors are read again.
 */
export function createMicrophone(room: Room, changed: () => void) {
  const [micBusy, setMicBusy] = createSignal(false);
  const [micError, setMicError] = createSignal<unknown>();
  let wantMic = false;
  let micRunning = false;

  async function setMicEnabled(on: boolean) {
    wantMic = on;
    if (micRunning) return;
    micRunning = true;
    setMicBusy(true);
    setMicError(undefined);
    try {
      for (let i = 0; i < 4 && room.localParticipant.isMicrophoneEnabled !== wantMic; i++) {
        await room.localParticipant.setMicrophoneEnabled(wantMic);
        changed();
      }
    } catch (err) {
      setMicError(err);
      wantMic = room.localParticipant.isMicrophoneEnabled;
    } finally {
      micRunning = false;
      setMicBusy(false);
      changed();
    }
  }

  return { micBusy, micError, setMicEnabled };
}
