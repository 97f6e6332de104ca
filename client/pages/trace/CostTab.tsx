import { createResource, createSignal, For, Show } from "solid-js";
import { createAction } from "../../action.ts";
import { canteenCost, setBudget } from "../../api/trace.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";

/** 成本管控: ingredient cost per student-meal, month by month, against the school's budget. */
export function CostTab(props: { canteenId: string }) {
  const [tick, setTick] = createSignal(0);
  const [cost] = createResource(() => ({ id: props.canteenId, tick: tick() }), ({ id }) => canteenCost(id));
  const [budget, setBudgetInput] = createSignal("");
  const action = createAction();
  async function save(e: SubmitEvent) {
    e.preventDefault();
    const ok = await action.run(async () => void (await setBudget(props.canteenId, { perMealYuan: Number(budget()) })));
    if (ok) setTick((n) => n + 1);
  }
  return (
    <>
      <ErrorBanner error={cost.error} />
      <Show when={cost.loading && !cost()}>
        <p class="muted">{t("trace.loading")}</p>
      </Show>
      <Show when={cost()}>
        {(c) => (
          <>
            <p data-testid="cost-budget">{c().budgetYuan === null ? t("trace.noBudget") : t("trace.budgetIs", { yuan: c().budgetYuan! })}</p>
            <table class="table" data-testid="cost-months">
              <thead>
                <tr>
                  <th>{t("trace.month")}</th>
                  <th>{t("trace.costYuan")}</th>
                  <th>{t("trace.studentMeals")}</th>
                  <th>{t("trace.perMealYuan")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={c().months}>
                  {(m) => (
                    <tr data-over={m.overBudget ? "true" : "false"}>
                      <td>{m.month}</td>
                      <td>{m.costYuan.toFixed(2)}</td>
                      <td>{m.studentMeals}</td>
                      <td>
                        {m.perMealYuan === null ? "—" : m.perMealYuan.toFixed(2)}
                        <Show when={m.overBudget}> <span class="badge badge-offline">{t("trace.overBudget")}</span></Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </>
        )}
      </Show>
      <Show when={can("trace.manage")}>
        <form class="form card" onSubmit={(e) => void save(e)}>
          <label>
            {t("trace.setBudget")}
            <input type="number" step="0.01" min="0.01" required value={budget()} onInput={(e) => setBudgetInput(e.currentTarget.value)} />
          </label>
          <ErrorBanner error={action.error()} />
          <button type="submit" class="button-primary" disabled={action.busy()}>{t("trace.save")}</button>
        </form>
      </Show>
    </>
  );
}
