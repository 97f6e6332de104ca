import { describe, expect, it } from "vitest";
import { encodeMessage, parseMessage } from "../../server/bus/parse.ts";
import type { ViewingMessage } from "../../server/viewing/contracts.ts";
import type { ViewingView } from "../../client/api/viewing.ts";
import { applyViewing } from "../../client/pages/viewing/viewingPush.ts";

const at = "2026-11-02T11:00:00.000+08:00";
const question = (over: Partial<ViewingView["questions"][number]> = {}): ViewingView["questions"][number] => ({ id: "vqu_question1", asker: "家长甲", text: "留样多久？", status: "pending", answer: null, createdAt: at, answeredAt: null, ...over });
const session = (): ViewingView => ({
  id: "vse_session01", canteenId: "cnt_canteen1", canteenName: "一中食堂", schoolName: "一中", title: "午餐监督", startsAt: at, endsAt: at, graceMs: 0, status: "scheduled", state: "open",
  host: { id: "usr_host0001", displayName: "校长" }, cameras: [], inviteeCount: 1, invited: true, remindedAt: null,
  invitees: [{ userId: "usr_parent01", displayName: "家长甲", handRaised: false, micOpen: false, attendance: [] }],
  questions: [], evaluations: [], frames: [],
});
const push = (m: Record<string, unknown> & { type: ViewingMessage["type"] }) => ({ sessionId: "vse_session01", at, ...m }) as ViewingMessage;

describe("a viewing session's pushes applied to the page", () => {
  it("adds an asked question, then replaces it with its answer", () => {
    const asked = applyViewing(session(), push({ type: "viewing.question", question: question() }));
    expect(asked.questions).toEqual([question()]);
    const answered = applyViewing(asked, push({ type: "viewing.question", question: question({ status: "answered", answer: "48 小时", answeredAt: at }) }));
    expect(answered.questions).toHaveLength(1);
    expect(answered.questions[0]).toMatchObject({ status: "answered", answer: "48 小时" });
  });

  it("drops a hidden question, moves hands and microphones (an opened microphone lowers the hand), and ends", () => {
    const s = applyViewing(session(), push({ type: "viewing.question", question: question() }));
    expect(applyViewing(s, push({ type: "viewing.question_hidden", questionId: "vqu_question1" })).questions).toEqual([]);
    const raised = applyViewing(s, push({ type: "viewing.hand", userId: "usr_parent01", raised: true }));
    expect(raised.invitees[0]).toMatchObject({ handRaised: true, micOpen: false });
    const opened = applyViewing(raised, push({ type: "viewing.mic", userId: "usr_parent01", open: true }));
    expect(opened.invitees[0]).toMatchObject({ handRaised: false, micOpen: true });
    const over = applyViewing(opened, push({ type: "viewing.ended" }));
    expect(over).toMatchObject({ state: "over", status: "ended" });
    expect(over.invitees[0]).toMatchObject({ micOpen: false, handRaised: false });
  });

  it("leaves the session alone for another session's message", () => {
    const s = session();
    expect(applyViewing(s, push({ type: "viewing.ended", sessionId: "vse_session02" }))).toBe(s);
  });
});

describe("the viewing topic on receipt (zod)", () => {
  it("accepts the server's messages and refuses a browser's, a malformed one and an unknown type", () => {
    const ok = push({ type: "viewing.hand", userId: "usr_parent01", raised: true });
    expect(parseMessage("viewing", encodeMessage(ok), "server")).toEqual({ ok: true, message: ok });
    // a parent could forge what only the server may say
    expect(parseMessage("viewing", encodeMessage(ok), "browser").ok).toBe(false);
    expect(parseMessage("viewing", encodeMessage({ ...ok, raised: "yes" }), "server").ok).toBe(false);
    expect(parseMessage("viewing", encodeMessage({ ...ok, type: "viewing.kick" }), "server").ok).toBe(false);
    expect(parseMessage("viewing", encodeMessage({ type: "viewing.question", sessionId: "vse_session01", at, question: { ...question(), text: 5 } }), "server").ok).toBe(false);
  });
});
