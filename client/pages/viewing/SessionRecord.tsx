import { createSignal, For, Show } from "solid-js";
import { answerEvaluation, answerQuestion, hideQuestion, setMicrophone, type ViewingView } from "../../api/viewing.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";

/** The session's record: attendance (hands, microphones for the host), the Q&A (moderated by the host), evaluations (not in the live room). */
export function SessionRecord(props: { session: ViewingView; onChange: (s: ViewingView) => void; live?: boolean }) {
  const s = () => props.session;
  const host = () => can("viewing.manage");
  const action = createAction();
  const run = (call: () => Promise<ViewingView>) => void action.run(async () => props.onChange(await call()));
  return (
    <>
      <ErrorBanner error={action.error()} />
      <Show when={!can("viewing.join")}>
        <section class="card" data-testid="viewing-attendance">
          <h2>{t("viewing.attendance")}</h2>
          <ul class="public-list">
            <For each={s().invitees}>
              {(i) => (
                <li data-testid="viewing-invitee-row" data-user={i.userId}>
                  <span>
                    {i.displayName}
                    <Show when={i.handRaised}> <span class="badge badge-severity-major" data-testid="viewing-hand-raised">✋ {t("viewing.handRaised")}</span></Show>
                  </span>
                  <span class="small">
                    {i.attendance.length ? i.attendance.map((a) => t("viewing.joinedLeft", { joined: formatTime(a.joinedAt), left: a.leftAt ? t("viewing.leftAt", { at: formatTime(a.leftAt) }) : "" })).join("；") : t("viewing.absent")}
                    <Show when={host() && s().state === "open"}>
                      {" "}
                      <button type="button" data-testid="viewing-mic-toggle" onClick={() => run(() => setMicrophone(s().id, { userId: i.userId, open: !i.micOpen }))}>
                        {i.micOpen ? t("viewing.closeMic") : t("viewing.openMic")}
                      </button>
                    </Show>
                  </span>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
      <section class="card" data-testid="viewing-qa">
        <h2>{t("viewing.qa")}</h2>
        <Show when={s().questions.length} fallback={<p class="public-empty">{t("viewing.noQuestions")}</p>}>
          <ul class="public-list">
            <For each={s().questions}>{(q) => <QuestionRow question={q} host={host()} run={run} />}</For>
          </ul>
        </Show>
      </section>
      <Show when={!can("viewing.join") && !props.live}>
        <section class="card" data-testid="viewing-evaluations">
          <h2>{t("viewing.evaluations")}</h2>
          <Show when={s().evaluations.length} fallback={<p class="public-empty">{t("viewing.noEvaluations")}</p>}>
            <ul class="public-list">
              <For each={s().evaluations}>
                {(e) => (
                  <li data-testid="viewing-evaluation-row">
                    <div>
                      <strong>{e.parent}</strong> · {t("viewing.scores", { h: e.hygiene, o: e.operations, f: e.food })}
                      <Show when={e.comment}><p class="user-text">{e.comment}</p></Show>
                      <Show when={e.problems}><p class="user-text"><strong>{t("viewing.problems")}{t("common.colon")}</strong>{e.problems}</p></Show>
                      <Show when={e.frame}>
                        {(f) => (
                          <a href={f().imageUrl} target="_blank" rel="noopener" data-testid="viewing-evaluation-frame">
                            <img src={f().imageUrl} alt={t("viewing.frameOf", { camera: f().cameraName, time: formatTime(f().takenAt) })} width={240} loading="lazy" />
                          </a>
                        )}
                      </Show>
                      <Show when={e.answer} fallback={<Show when={host() && e.problems}><AnswerBox label="viewing.answerProblems" onAnswer={(text) => run(() => answerEvaluation(e.id, { answer: text }))} /></Show>}>
                        <p class="user-text small">{t("viewing.schoolAnswer")}{t("common.colon")}{e.answer}</p>
                      </Show>
                    </div>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </Show>
    </>
  );
}

function QuestionRow(props: { question: ViewingView["questions"][number]; host: boolean; run: (call: () => Promise<ViewingView>) => void }) {
  const q = () => props.question;
  return (
    <li data-testid="viewing-question-row" data-status={q().status}>
      <div>
        <span class="muted small">{q().asker}{t("common.colon")}</span>
        <span class="user-text">{q().text}</span>
        <Show when={q().answer}><p class="user-text small" data-testid="viewing-answer">→ {q().answer}</p></Show>
        <Show when={q().status === "hidden"}><span class="muted small"> （{t("viewing.hidden")}）</span></Show>
        <Show when={props.host && q().status === "pending"}>
          <AnswerBox label="viewing.answer" onAnswer={(text) => props.run(() => answerQuestion(q().id, { answer: text }))} />
          <button type="button" onClick={() => props.run(() => hideQuestion(q().id))}>{t("viewing.hide")}</button>
        </Show>
      </div>
    </li>
  );
}

function AnswerBox(props: { label: "viewing.answer" | "viewing.answerProblems"; onAnswer: (text: string) => void }) {
  const [text, setText] = createSignal("");
  return (
    <form class="stars" onSubmit={(e) => { e.preventDefault(); if (text().trim()) props.onAnswer(text()); }}>
      <input type="text" maxLength={1000} value={text()} onInput={(e) => setText(e.currentTarget.value)} data-testid="viewing-answer-input" />
      <button type="submit" data-testid="viewing-answer-submit">{t(props.label)}</button>
    </form>
  );
}
