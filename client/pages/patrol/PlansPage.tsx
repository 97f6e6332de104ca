import { createResource, createSignal, For, Show } from "solid-js";
import { createPlan, listPlans, planProgress } from "../../api/patrol.ts";
import { settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import { can, me } from "../../stores/session.ts";

/**
 * /patrol/plans — 年度网上巡查工作计划: the region's plans (an admin makes one per school year: semesters by default,
 * a monthly quota per district), and the chosen plan's live progress: this semester's coverage, this month's quotas.
 */
export function PlansPage() {
  const [plans, { refetch }] = createResource(() => listPlans({ limit: 50 }));
  const [chosen, setChosen] = createSignal<string>();
  const current = () => chosen() ?? settled(plans)?.items[0]?.id;
  const [progress] = createResource(current, (id) => planProgress(id));
  return (
    <section class="page plans-page" data-testid="plans-page">
      <div class="page-head">
        <h1>{t("plan.title")}</h1>
        <Show when={(settled(plans)?.items.length ?? 0) > 1}>
          <select aria-label={t("plan.title")} value={current()} onChange={(e) => setChosen(e.currentTarget.value)}>
            <For each={settled(plans)?.items}>{(p) => <option value={p.id}>{p.name}</option>}</For>
          </select>
        </Show>
      </div>
      <ErrorBanner error={plans.error} />
      <Show when={settled(plans)?.items.length === 0}>
        <p class="empty">{t("plan.empty")}</p>
      </Show>
      <ErrorBanner error={progress.error} />
      <Show when={settled(progress)}>
        {(p) => (
          <section class="card" data-testid="plan-progress">
            <h2>{p().plan.name}</h2>
            <p class="muted">{t("plan.semester", { name: p().semester.name, from: p().semester.from, to: p().semester.to })}</p>
            <table class="table table-cards">
              <thead>
                <tr>
                  <th>{t("coverage.district")}</th>
                  <th>{t("plan.coverage")}</th>
                  <th>{t("plan.month", { month: p().month })}</th>
                </tr>
              </thead>
              <tbody>
                <For each={p().quotas}>
                  {(q) => {
                    const cov = () => p().coverage.districts.find((d) => d.district === q.district);
                    return (
                      <tr data-testid="plan-district" data-district={q.district} data-behind={q.behind || cov()?.behind ? "true" : "false"}>
                        <td data-label={t("coverage.district")}>{q.districtName}</td>
                        <td data-label={t("plan.coverage")}>
                          <Show when={cov()} fallback="—">
                            {(c) => (
                              <>
                                {t("coverage.progress", { covered: c().covered, total: c().total })}{" "}
                                <span class={c().behind ? "badge badge-offline" : "badge badge-online"}>{c().behind ? t("coverage.behind") : t("coverage.onTrack")}</span>
                              </>
                            )}
                          </Show>
                        </td>
                        <td data-label={t("plan.month", { month: p().month })}>
                          {t("plan.quota", { done: q.done, quota: q.quota })}{" "}
                          <span class={q.met ? "badge badge-online" : q.behind ? "badge badge-offline" : "badge badge-unknown"}>{q.met ? t("plan.met") : q.behind ? t("plan.behind", { n: q.expectedByNow }) : t("coverage.onTrack")}</span>
                        </td>
                      </tr>
                    );
                  }}
                </For>
              </tbody>
            </table>
          </section>
        )}
      </Show>
      <Show when={can("patrol.draw")}>
        <NewPlanForm
          onMade={(id) => {
            setChosen(id);
            void refetch();
          }}
        />
      </Show>
    </section>
  );
}

function NewPlanForm(props: { onMade: (id: string) => void }) {
  const region = () => me()?.memberships.find((m) => m.role === "regulator_admin");
  const [name, setName] = createSignal("");
  const [year, setYear] = createSignal(new Date().getFullYear() - (new Date().getMonth() < 8 ? 1 : 0));
  const [quota, setQuota] = createSignal(4);
  const [error, setError] = createSignal<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const plan = await createPlan({ regionCode: region()!.regionCode, year: year(), name: name(), defaultMonthlyQuota: quota() });
      props.onMade(plan.id);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="card form" data-testid="new-plan-form" onSubmit={submit}>
      <h2>{t("plan.new")}</h2>
      <p class="muted small">
        {t("draw.region")}: {region()?.regionName} · {t("plan.ruleHint")}
      </p>
      <Field label={t("draw.name")}>
        <input data-testid="plan-name" value={name()} placeholder={t("plan.namePlaceholder")} onInput={(e) => setName(e.currentTarget.value)} required maxLength={100} />
      </Field>
      <Field label={t("plan.year")}>
        <input type="number" min="2020" max="2100" value={year()} onInput={(e) => setYear(Number(e.currentTarget.value))} required />
      </Field>
      <Field label={t("plan.defaultQuota")}>
        <input type="number" min="0" max="100000" value={quota()} onInput={(e) => setQuota(Number(e.currentTarget.value))} required />
      </Field>
      <ErrorBanner error={error()} />
      <div class="actions">
        <button type="submit" class="button-primary" data-testid="plan-create" disabled={!region()}>
          {t("plan.create")}
        </button>
      </div>
    </form>
  );
}
