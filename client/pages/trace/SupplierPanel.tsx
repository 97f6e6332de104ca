import { createResource, createSignal, For, Show } from "solid-js";
import { createAction } from "../../action.ts";
import { listDeliveries, mySupplier, saveSupplierProfile } from "../../api/trace.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { type MessageKey, t } from "../../i18n/index.ts";
import { DeliveryCard } from "./DeliveryCard.tsx";
import { DeliveryForm } from "./DeliveryForm.tsx";

type Mine = Awaited<ReturnType<typeof mySupplier>>["suppliers"][number];

/** The supplier manager's side: its file (licences, products), the canteens it serves, a new delivery, its deliveries. */
export function SupplierPanel() {
  const [mine, { refetch }] = createResource(mySupplier);
  const [deliveries, { refetch: refetchDeliveries }] = createResource(() => listDeliveries({ limit: 50 }));
  return (
    <>
      <ErrorBanner error={mine.error ?? deliveries.error} />
      <Show when={mine.loading && !mine()}>
        <p class="muted">{t("trace.loading")}</p>
      </Show>
      <For each={mine()?.suppliers ?? []}>
        {(s) => (
          <>
            <ProfileCard supplier={s} onSaved={() => void refetch()} />
            <h2 class="section-title">{t("trace.servedCanteens")}</h2>
            <Show when={s.canteens.length} fallback={<p class="empty" data-testid="trace-no-canteens">{t("trace.noServedCanteens")}</p>}>
              <ul class="card-list" data-testid="trace-served">
                <For each={s.canteens}>{(c) => <li class="card">{c.schoolName} · {c.name}</li>}</For>
              </ul>
              <Show when={s.profile}>
                <DeliveryForm canteens={s.canteens} products={s.profile?.products ?? []} onCreated={() => void refetchDeliveries()} />
              </Show>
            </Show>
          </>
        )}
      </For>
      <h2 class="section-title">{t("trace.myDeliveries")}</h2>
      <Show when={deliveries()?.items.length} fallback={<p class="empty">{t("trace.noDeliveries")}</p>}>
        <div class="card-list" data-testid="trace-deliveries">
          <For each={deliveries()!.items}>{(d) => <DeliveryCard delivery={d} />}</For>
        </div>
      </Show>
    </>
  );
}

function ProfileCard(props: { supplier: Mine; onSaved: () => void }) {
  const p = () => props.supplier.profile;
  const [editing, setEditing] = createSignal(!props.supplier.profile);
  const action = createAction();
  let form!: HTMLFormElement;
  async function save(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(form);
    const get = (k: string) => String(f.get(k) ?? "").trim();
    const ok = await action.run(async () => {
      await saveSupplierProfile(props.supplier.id, {
        businessLicenceNo: get("businessLicenceNo"),
        businessLicenceExpiresOn: get("businessLicenceExpiresOn"),
        foodLicenceNo: get("foodLicenceNo"),
        foodLicenceExpiresOn: get("foodLicenceExpiresOn"),
        products: get("products").split(/[,，、\s]+/).filter(Boolean),
      });
    });
    if (ok) {
      setEditing(false);
      props.onSaved();
    }
  }
  return (
    <div class="card" data-testid="trace-profile">
      <h2>{props.supplier.name}</h2>
      <Show when={p() && !editing()}>
        <p>
          {t("trace.businessLicence")}: {p()!.businessLicenceNo} · {p()!.businessLicenceExpiresOn} <span class="badge badge-unknown" data-status={p()!.businessLicence}>{t(`trace.licence.${p()!.businessLicence}` as MessageKey)}</span>
        </p>
        <p>
          {t("trace.foodLicence")}: {p()!.foodLicenceNo} · {p()!.foodLicenceExpiresOn} <span class="badge badge-unknown" data-status={p()!.foodLicence}>{t(`trace.licence.${p()!.foodLicence}` as MessageKey)}</span>
        </p>
        <p>{t("trace.products")}: {p()!.products.join("、")}</p>
        <button type="button" onClick={() => setEditing(true)}>{t("trace.edit")}</button>
      </Show>
      <Show when={editing()}>
        <form ref={form} class="form" onSubmit={(e) => void save(e)} data-testid="trace-profile-form">
          <label>{t("trace.businessLicence")}<input name="businessLicenceNo" required value={p()?.businessLicenceNo ?? ""} /></label>
          <label>{t("trace.expiresOn")}<input name="businessLicenceExpiresOn" type="date" required value={p()?.businessLicenceExpiresOn ?? ""} /></label>
          <label>{t("trace.foodLicence")}<input name="foodLicenceNo" required value={p()?.foodLicenceNo ?? ""} /></label>
          <label>{t("trace.expiresOn")}<input name="foodLicenceExpiresOn" type="date" required value={p()?.foodLicenceExpiresOn ?? ""} /></label>
          <label>{t("trace.productsHint")}<input name="products" required value={p()?.products.join("、") ?? ""} /></label>
          <ErrorBanner error={action.error()} />
          <button type="submit" class="button-primary" disabled={action.busy()}>{t("trace.save")}</button>
        </form>
      </Show>
    </div>
  );
}
