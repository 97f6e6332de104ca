import { createResource, createSignal, For, Show } from "solid-js";
import { addCommitteeMember, endCommitteeMember, getCommittee } from "../../api/viewing.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { me } from "../../stores/session.ts";
import { SchoolSuppliers } from "./SchoolSuppliers.tsx";

/** /committee — the school's parent meal committee: members, grade and term, the count against the rule of ≥ 7. */
export function CommitteePage() {
  const orgId = () => me()?.memberships.find((m) => m.orgKind === "school")?.orgId;
  const [committee, { refetch }] = createResource(orgId, getCommittee);
  const [userId, setUserId] = createSignal("");
  const [grade, setGrade] = createSignal("");
  const [term, setTerm] = createSignal("");
  const action = createAction();
  const add = (e: Event) => {
    e.preventDefault();
    void action.run(async () => {
      await addCommitteeMember({ orgId: orgId()!, userId: userId(), grade: grade(), term: term() });
      setUserId("");
      await refetch();
    });
  };
  return (
    <section class="page" data-testid="committee-page">
      <div class="page-head">
        <h1>{t("committee.title")}</h1>
      </div>
      <ErrorBanner error={committee.error} />
      <Show when={committee.latest}>
        {(c) => (
          <>
            <p data-testid="committee-count" data-meets={c().meetsRule ? "true" : "false"}>
              {t("committee.count", { n: c().count, required: c().required })}{" "}
              <span class={c().meetsRule ? "badge badge-online" : "badge badge-offline"}>{c().meetsRule ? t("committee.meets") : t("committee.short", { n: c().required - c().count })}</span>
            </p>
            <Show when={c().grades.length}>
              <p class="muted small">{t("committee.grades", { grades: c().grades.join("、") })}</p>
            </Show>
            <section class="card">
              <Show when={c().members.length} fallback={<p class="muted">{t("committee.empty")}</p>}>
                <table class="table" data-testid="committee-members">
                  <thead>
                    <tr><th>{t("committee.member")}</th><th>{t("committee.grade")}</th><th>{t("committee.term")}</th><th>{t("committee.since")}</th><th /></tr>
                  </thead>
                  <tbody>
                    <For each={c().members}>
                      {(m) => (
                        <tr>
                          <td>{m.displayName} <span class="muted small">{m.username}</span></td>
                          <td>{m.grade}</td>
                          <td>{m.term}</td>
                          <td>{formatTime(m.since)}</td>
                          <td><button type="button" onClick={() => void action.run(async () => { await endCommitteeMember(m.id); await refetch(); })}>{t("committee.remove")}</button></td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </Show>
            </section>
            <section class="card">
              <h2>{t("committee.add")}</h2>
              <Show when={c().candidates.length} fallback={<p class="muted">{t("committee.noCandidates")}</p>}>
                <form class="public-form" onSubmit={add} data-testid="committee-add">
                  <Field label={t("committee.pick")}>
                    <select value={userId()} onChange={(e) => setUserId(e.currentTarget.value)} required>
                      <option value="" />
                      <For each={c().candidates}>{(p) => <option value={p.userId}>{p.displayName}（{p.username}）</option>}</For>
                    </select>
                  </Field>
                  <Field label={t("committee.grade")}>
                    <input type="text" maxLength={20} placeholder="七年级" value={grade()} onInput={(e) => setGrade(e.currentTarget.value)} required />
                  </Field>
                  <Field label={t("committee.term")}>
                    <input type="text" maxLength={30} placeholder="2026—2027学年" value={term()} onInput={(e) => setTerm(e.currentTarget.value)} required />
                  </Field>
                  <button type="submit" class="button-primary" disabled={action.busy() || !userId()}>{t("committee.add")}</button>
                </form>
              </Show>
              <ErrorBanner error={action.error()} />
            </section>
            <SchoolSuppliers orgId={c().orgId} />
          </>
        )}
      </Show>
    </section>
  );
}
