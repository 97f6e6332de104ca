import { createSignal, Index, Show } from "solid-js";
import { createAction } from "../../action.ts";
import { setMenu } from "../../api/trace.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";

interface Ingredient {
  product: string;
  perStudent: string;
  unit: string;
}
interface DishDraft {
  name: string;
  students: string;
  ingredients: Ingredient[];
}
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const ingredient = (): Ingredient => ({ product: "", perStudent: "", unit: "g" });
const dish = (): DishDraft => ({ name: "", students: "", ingredients: [ingredient()] });

/** Sets one meal's dishes with their portion per student (带量食谱); the principal and the director. */
export function MenuForm(props: { canteenId: string; onSaved: () => void }) {
  const [day, setDay] = createSignal(chinaToday());
  const [meal, setMeal] = createSignal<"breakfast" | "lunch" | "dinner">("lunch");
  const [dishes, setDishes] = createSignal<DishDraft[]>([dish()]);
  const action = createAction();
  const patchDish = (i: number, p: Partial<DishDraft>) => setDishes((ds) => ds.map((d, j) => (j === i ? { ...d, ...p } : d)));
  const patchIngredient = (i: number, k: number, p: Partial<Ingredient>) => patchDish(i, { ingredients: dishes()[i]!.ingredients.map((g, j) => (j === k ? { ...g, ...p } : g)) });
  async function save(e: SubmitEvent) {
    e.preventDefault();
    const body = {
      canteenId: props.canteenId,
      day: day(),
      meal: meal(),
      dishes: dishes().map((d) => ({ name: d.name, students: Number(d.students), ingredients: d.ingredients.map((g) => ({ product: g.product, perStudent: Number(g.perStudent), unit: g.unit })) })),
    };
    const ok = await action.run(async () => void (await setMenu(body)));
    if (ok) {
      setDishes([dish()]);
      props.onSaved();
    }
  }
  return (
    <form class="form card" onSubmit={(e) => void save(e)} data-testid="menu-form">
      <h2>{t("trace.setMenu")}</h2>
      <label>{t("trace.day")}<input type="date" required data-testid="menu-day" value={day()} onInput={(e) => setDay(e.currentTarget.value)} /></label>
      <label>
        {t("trace.mealLabel")}
        <select data-testid="menu-meal" value={meal()} onChange={(e) => setMeal(e.currentTarget.value as "lunch")}>
          <option value="breakfast">{t("trace.meal.breakfast")}</option>
          <option value="lunch">{t("trace.meal.lunch")}</option>
          <option value="dinner">{t("trace.meal.dinner")}</option>
        </select>
      </label>
      <Index each={dishes()}>
        {(d, i) => (
          <fieldset data-testid="menu-dish">
            <legend>{t("trace.dishN", { n: i + 1 })}</legend>
            <label>{t("trace.dishName")}<input required data-testid="menu-dish-name" value={d().name} onInput={(e) => patchDish(i, { name: e.currentTarget.value })} /></label>
            <label>{t("trace.studentsLabel")}<input type="number" min="1" required data-testid="menu-students" value={d().students} onInput={(e) => patchDish(i, { students: e.currentTarget.value })} /></label>
            <Index each={d().ingredients}>
              {(g, k) => (
                <div class="inline-field" data-testid="menu-ingredient">
                  <input required placeholder={t("trace.product")} data-testid="menu-product" value={g().product} onInput={(e) => patchIngredient(i, k, { product: e.currentTarget.value })} />
                  <input type="number" step="0.001" min="0.001" required placeholder={t("trace.perStudent")} data-testid="menu-per-student" value={g().perStudent} onInput={(e) => patchIngredient(i, k, { perStudent: e.currentTarget.value })} />
                  <input required class="unit-input" data-testid="menu-unit" value={g().unit} onInput={(e) => patchIngredient(i, k, { unit: e.currentTarget.value })} />
                </div>
              )}
            </Index>
            <button type="button" data-testid="menu-add-ingredient" onClick={() => patchDish(i, { ingredients: [...d().ingredients, ingredient()] })}>{t("trace.addIngredient")}</button>
            <Show when={dishes().length > 1}>
              <button type="button" onClick={() => setDishes((ds) => ds.filter((_, j) => j !== i))}>{t("trace.removeDish")}</button>
            </Show>
          </fieldset>
        )}
      </Index>
      <button type="button" data-testid="menu-add-dish" onClick={() => setDishes((ds) => [...ds, dish()])}>{t("trace.addDish")}</button>
      <ErrorBanner error={action.error()} />
      <button type="submit" class="button-primary" data-testid="menu-submit" disabled={action.busy()}>{t("trace.save")}</button>
    </form>
  );
}
