import { createResource, createSignal, For, Show } from "solid-js";
import { ApiError } from "../../api.ts";
import { listCanteens } from "../../api/canteens.ts";
import { listInspections } from "../../api/inspections.ts";
import { recordSelfCheck } from "../../api/patrol.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { AreaChecklist, type AreaStatuses } from "./AreaChecklist.tsx";
import { Field } from "../../components/Field.tsx";
import { LiveLink } from "../../components/LiveLink.tsx";
import { formatTime, inspectionKindLabel, t } from "../../i18n/index.ts";
import { me } from "../../stores/session.ts";
import { REQUIRED_PATROL_AREAS } from "../../types.ts";

type Kind = "self_check" | "leader_patrol";

/**
 * /self-checks — 第十三条 on the school's side: look at the canteen live, then record the day's self-check (the
 * food-safety officer) or the week's leader patrol (principal, director) with the five areas and what was done; the
 * recent records below. A missing one stays on the school's to-do and shows to its regulator.
 */
export function SelfChecksPage() {
  const leader = () => (me()?.memberships ?? []).some((m) => m.role === "principal" || m.role === "food_safety_director");
  const [canteens] = createResource(() => listCanteens({ limit: 50 }).then((p) => p.items));
  const [canteenId, setCanteenId] = createSignal("");
  const chosen = () => canteenId() || canteens()?.[0]?.id || "";
  const [recent, { refetch }] = createResource(chosen, (id) => (id ? Promise.all((["self_check", "leader_patrol"] as const).map((kind) => listInspections({ canteenId: id, kind, limit: 10 }))).then(([a, b]) => [...a!.items, ...b!.items].sort((x, y) => y.startedAt.localeCompare(x.startedAt))) : Promise.resolve([])));
  const [kind, setKind] = createSignal<Kind>("self_check");
  const [statuses, setStatuses] = createSignal<AreaStatuses>({});
  const [outcome, setOutcome] = createSignal("");
  const [done, setDone] = createSignal(false);
  const action = createAction();
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const s = statuses();
    const complete = REQUIRED_PATROL_AREAS.every((a) => s[a]) && outcome().trim();
    const checklist = REQUIRED_PATROL_AREAS.map((areaKind) => ({ areaKind, status: s[areaKind]! }));
    void action
      .run(async () => void (await recordSelfCheck({ canteenId: chosen(), kind: kind(), checklist, outcome: outcome().trim() })), complete ? undefined : new ApiError(0, "validation_failed", t("selfcheck.missing")))
      .then((ok) => {
        if (!ok) return;
        setDone(true);
        setStatuses({});
        setOutcome("");
        void refetch();
      });
  };
  return (
    <section class="page self-checks-page" data-testid="self-checks-page">
      <div class="page-head">
        <h1>{t("selfcheck.title")}</h1>
      </div>
      <p class="muted small">{t("selfcheck.intro")}</p>
      <ErrorBanner error={canteens.error} />
      <form class="card form" data-testid="self-check-form" onSubmit={submit} novalidate>
        <Show when={(canteens() ?? []).length > 1}>
          <Field label={t("selfcheck.canteen")}>
            <select value={chosen()} onChange={(e) => setCanteenId(e.currentTarget.value)}>
              <For each={canteens() ?? []}>{(c) => <option value={c.id}>{c.name}</option>}</For>
            </select>
          </Field>
        </Show>
        <Show when={chosen()}>
          <p class="actions">
            <LiveLink href={`/live/${encodeURIComponent(chosen())}`} label={t("selfcheck.openLive")} />
          </p>
        </Show>
        <div class="tabs" role="radiogroup" aria-label={t("selfcheck.kind")}>
          <For each={(leader() ? ["self_check", "leader_patrol"] : ["self_check"]) as Kind[]}>
            {(k) => (
              <button type="button" role="radio" aria-checked={kind() === k} classList={{ active: kind() === k }} data-testid={`self-check-kind-${k}`} onClick={() => setKind(k)}>
                {t(`selfcheck.kind.${k}`)}
              </button>
            )}
          </For>
        </div>
        <AreaChecklist prefix="self-check" statuses={statuses()} onChange={(area, s) => setStatuses((all) => ({ ...all, [area]: s }))} />
        <Field label={t("selfcheck.outcome")}>
          <textarea data-testid="self-check-outcome" rows={3} maxLength={2000} placeholder={t("selfcheck.outcomePlaceholder")} value={outcome()} onInput={(e) => setOutcome(e.currentTarget.value)} />
        </Field>
        <ErrorBanner error={action.error()} />
        <Show when={done() && !action.error()}>
          <p class="small" role="status" data-testid="self-check-done">{t("selfcheck.recorded")}</p>
        </Show>
        <div class="actions">
          <button type="submit" class="button-primary" data-testid="self-check-submit" disabled={action.busy() || !chosen()}>
            {t("selfcheck.record")}
          </button>
        </div>
      </form>
      <h2>{t("selfcheck.recent")}</h2>
      <Show when={(recent() ?? []).length > 0} fallback={<p class="empty">{t("selfcheck.none")}</p>}>
        <ul class="small" data-testid="self-check-recent">
          <For each={recent() ?? []}>
            {(r) => (
              <li>
                {formatTime(r.startedAt)} · {inspectionKindLabel(r.kind)} · {r.startedBy.displayName}
                <Show when={r.outcome}> — <span class="user-text">{r.outcome}</span></Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
