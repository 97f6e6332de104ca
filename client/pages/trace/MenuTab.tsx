import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { createAction } from "../../action.ts";
import { canteenMenu, type DishView, recordUse } from "../../api/trace.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { type MessageKey, t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import { MenuForm } from "./MenuForm.tsx";

/** The week's menu (带量食谱): each dish's planned and recorded use, recording the day's use, the trace of a dish. */
export function MenuTab(props: { canteenId: string }) {
  const [tick, setTick] = createSignal(0);
  const [menu] = createResource(() => ({ id: props.canteenId, tick: tick() }), ({ id }) => canteenMenu(id));
  const refresh = () => setTick((n) => n + 1);
  return (
    <>
      <ErrorBanner error={menu.error} />
      <Show when={menu.loading && !menu()}>
        <p class="muted">{t("trace.loading")}</p>
      </Show>
      <Show when={menu()}>
        {(m) => (
          <>
            <p class="small muted">{m().from} – {m().to}</p>
            <Show when={m().dishes.length} fallback={<p class="empty">{t("trace.noMenu")}</p>}>
              <div class="card-list" data-testid="trace-menu">
                <For each={m().dishes}>{(d) => <DishCard dish={d} onUsed={refresh} />}</For>
              </div>
            </Show>
          </>
        )}
      </Show>
      <Show when={can("trace.manage")}>
        <MenuForm canteenId={props.canteenId} onSaved={refresh} />
      </Show>
    </>
  );
}

function DishCard(props: { dish: DishView; onUsed: () => void }) {
  const d = () => props.dish;
  const [open, setOpen] = createSignal(false);
  const [amounts, setAmounts] = createSignal<Record<string, string>>({});
  const action = createAction();
  async function save(e: SubmitEvent) {
    e.preventDefault();
    const lines = d().ingredients.filter((g) => Number(amounts()[g.product]) > 0).map((g) => ({ product: g.product, quantity: Number(amounts()[g.product]), unit: g.unit }));
    if (!lines.length) return;
    const ok = await action.run(async () => void (await recordUse(d().id, { lines })));
    if (ok) {
      setOpen(false);
      props.onUsed();
    }
  }
  return (
    <article class="card" data-testid="dish-card" data-dish={d().name}>
      <h3>
        {d().day} {t(`trace.meal.${d().meal}` as MessageKey)} · {d().name} <span class="small muted">{t("trace.students", { n: d().students })}</span>
      </h3>
      <ul>
        <For each={d().ingredients}>
          {(g) => (
            <li data-testid="dish-ingredient" data-product={g.product}>
              {g.product}: {t("trace.planned")} {g.planned} {g.unit} · {t("trace.used")} <span data-testid="dish-used">{g.used}</span> {g.unit}
              <Show when={g.offPlan}> <span class="badge badge-offline">{t("trace.offPlan")}</span></Show>
            </li>
          )}
        </For>
      </ul>
      <div class="actions">
        <A href={`/trace/dishes/${d().id}`} data-testid="dish-trace-link">{t("trace.traceDish")}</A>
        <Show when={can("trace.receive")}>
          <button type="button" data-testid="dish-record-use" onClick={() => setOpen(!open())}>{t("trace.recordUse")}</button>
        </Show>
      </div>
      <Show when={open()}>
        <form class="form" onSubmit={(e) => void save(e)} data-testid="use-form">
          <For each={d().ingredients}>
            {(g) => (
              <label>
                {g.product} ({g.unit})
                <input type="number" step="0.001" min="0" data-testid="use-quantity" data-product={g.product} value={amounts()[g.product] ?? ""} onInput={(e) => setAmounts((a) => ({ ...a, [g.product]: e.currentTarget.value }))} />
              </label>
            )}
          </For>
          <ErrorBanner error={action.error()} />
          <button type="submit" class="button-primary" data-testid="use-submit" disabled={action.busy()}>{t("trace.save")}</button>
        </form>
      </Show>
    </article>
  );
}
