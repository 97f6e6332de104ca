import { A, useParams } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { certificateUrl, traceBatch, traceDish } from "../../api/trace.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, type MessageKey, t } from "../../i18n/index.ts";

type Batch = Awaited<ReturnType<typeof traceDish>>["batches"][number];

function BatchCard(props: { batch: Omit<Batch, "used"> & { used?: number } }) {
  const b = () => props.batch;
  return (
    <article class="card" data-testid="traced-batch" data-product={b().product} data-batch={b().batchNo}>
      <h3>
        {b().product} · {t("trace.batchNo")} {b().batchNo}
        <Show when={b().used !== undefined}> · {t("trace.used")} {b().used} {b().unit}</Show>
      </h3>
      <p>{t("trace.supplier")}: <strong data-testid="traced-supplier">{b().supplier.name}</strong>{b().supplier.foodLicenceNo ? ` (${b().supplier.foodLicenceNo})` : ""}</p>
      <p>{t("trace.origin")}: <span data-testid="traced-origin">{b().origin}</span>{b().originLicence ? ` (${b().originLicence})` : ""}</p>
      <p class="small">
        {t("trace.productionDate")} {b().productionDate} · {t("trace.expiresOn")} {b().expiresOn} · {t("trace.deliveredAt")} {formatTime(b().delivery.deliveredAt)} → {b().canteen.name}
      </p>
      <p class="small">
        <a href={certificateUrl(b().lineId)} target="_blank" rel="noopener">{t("trace.certificate")}</a> · <A href={`/trace/lines/${b().lineId}`} data-testid="batch-trace-link">{t("trace.recall")}</A>
      </p>
    </article>
  );
}

/** /trace/dishes/:id — one click back from a dish to its batches, deliveries, suppliers and origin. */
export function DishTracePage() {
  const params = useParams<{ id: string }>();
  const [trace] = createResource(() => params.id, traceDish);
  return (
    <section class="page" data-testid="dish-trace-page">
      <ErrorBanner error={trace.error} />
      <Show when={trace.loading && !trace()}>
        <p class="muted">{t("trace.loading")}</p>
      </Show>
      <Show when={trace()}>
        {(d) => (
          <>
            <div class="page-head">
              <h1>{t("trace.dishTrace")}: {d().dish.name}</h1>
            </div>
            <p>{d().canteen.name} · {d().dish.day} {t(`trace.meal.${d().dish.meal}` as MessageKey)} · {t("trace.students", { n: d().dish.students })}</p>
            <Show when={d().batches.length} fallback={<p class="empty">{t("trace.noUseYet")}</p>}>
              <div class="card-list">
                <For each={d().batches}>{(b) => <BatchCard batch={b} />}</For>
              </div>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

/** /trace/lines/:id — a recall: every canteen and meal that used the batch. */
export function BatchTracePage() {
  const params = useParams<{ id: string }>();
  const [trace] = createResource(() => params.id, traceBatch);
  return (
    <section class="page" data-testid="batch-trace-page">
      <ErrorBanner error={trace.error} />
      <Show when={trace.loading && !trace()}>
        <p class="muted">{t("trace.loading")}</p>
      </Show>
      <Show when={trace()}>
        {(r) => (
          <>
            <div class="page-head">
              <h1>{t("trace.recallTitle")}: {r().batch.product} {r().batch.batchNo}</h1>
            </div>
            <BatchCard batch={r().batch} />
            <h2 class="section-title">{t("trace.recallCanteens", { n: r().canteens.length })}</h2>
            <ul class="card-list">
              <For each={r().canteens}>{(c) => <li class="card">{c.name} · {t("trace.mealsCount", { n: c.meals })}</li>}</For>
            </ul>
            <h2 class="section-title">{t("trace.recallMeals")}</h2>
            <Show when={r().meals.length} fallback={<p class="empty">{t("trace.noMealsYet")}</p>}>
              <ul class="card-list" data-testid="recall-meals">
                <For each={r().meals}>
                  {(m) => (
                    <li class="card" data-testid="recall-meal" data-dish={m.dishName}>
                      {m.day} {t(`trace.meal.${m.meal}` as MessageKey)} · {m.canteenName} · <A href={`/trace/dishes/${m.dishId}`}>{m.dishName}</A> · {m.used} {m.unit}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
