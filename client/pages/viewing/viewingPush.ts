import type { ViewingMessage } from "../../../server/viewing/contracts.ts";
import type { ViewingView } from "../../api/viewing.ts";
import type { LiveController } from "../../live/types.ts";
import { parseData } from "../../live/parseData.ts";

/**
 * A viewing session's pushes (topic `viewing`, server/viewing/push.ts) applied to the page's copy of the session:
 * pure, so the parent's page and the host's panel in the live room apply them alike. Messages of another session
 * leave it as it is.
 */
export function applyViewing(s: ViewingView, m: ViewingMessage): ViewingView {
  if (m.sessionId !== s.id) return s;
  switch (m.type) {
    case "viewing.question": {
      const known = s.questions.some((q) => q.id === m.question.id);
      return { ...s, questions: known ? s.questions.map((q) => (q.id === m.question.id ? m.question : q)) : [...s.questions, m.question] };
    }
    case "viewing.question_hidden":
      return { ...s, questions: s.questions.filter((q) => q.id !== m.questionId) };
    case "viewing.hand":
      return { ...s, invitees: s.invitees.map((i) => (i.userId === m.userId ? { ...i, handRaised: m.raised } : i)) };
    case "viewing.mic":
      // opening a microphone answers the raised hand (as the server records it)
      return { ...s, invitees: s.invitees.map((i) => (i.userId === m.userId ? { ...i, micOpen: m.open, handRaised: m.open ? false : i.handRaised } : i)) };
    case "viewing.ended":
      return { ...s, status: "ended", state: "over", invitees: s.invitees.map((i) => ({ ...i, micOpen: false, handRaised: false })) };
  }
}

/** Listens to the room's `viewing` topic: every packet validated (zod, server/bus/parse.ts) before it is used. */
export function onViewingPush(live: Pick<LiveController, "onData">, apply: (m: ViewingMessage) => void): () => void {
  return live.onData("viewing", (payload, from) => {
    const m = parseData("viewing", payload, from, "[viewing]");
    if (m) apply(m);
  });
}
