import { createSignal, For, Index, Show } from "solid-js";
import { createAction } from "../../action.ts";
import { createDelivery, type NewDelivery } from "../../api/trace.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";

type Line = Omit<NewDelivery["lines"][number], "certificate"> & { certificate: string; fileName: string };

const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const blank = (): Line => ({ product: "", batchNo: "", quantity: 0, unit: "kg", productionDate: chinaToday(), shelfLifeDays: 3, origin: "", certificate: "", fileName: "" });

/** The file's bytes as base64 (the delivery travels as one JSON document). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** 配送单: the canteen, then one row per batch with its certificate (photo or PDF). */
export function DeliveryForm(props: { canteens: Array<{ id: string; name: string; schoolName: string }>; products: string[]; onCreated: () => void }) {
  const [canteenId, setCanteenId] = createSignal(props.canteens[0]?.id ?? "");
  const [lines, setLines] = createSignal<Line[]>([blank()]);
  const action = createAction();
  const update = (i: number, patch: Partial<Line>) => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const missing = lines().some((l) => !l.certificate) ? new Error(t("trace.certificateRequired")) : undefined;
    const ok = await action.run(async () => {
      await createDelivery({ canteenId: canteenId(), lines: lines().map(({ fileName: _f, ...l }) => ({ ...l, quantity: Number(l.quantity), shelfLifeDays: Number(l.shelfLifeDays) })) });
    }, missing);
    if (ok) {
      // the file inputs keep their choice otherwise
      form.reset();
      setLines([blank()]);
      props.onCreated();
    }
  }
  return (
    <form class="form card" onSubmit={(e) => void submit(e)} data-testid="delivery-form">
      <h2>{t("trace.newDelivery")}</h2>
      <label>
        {t("trace.canteen")}
        <select data-testid="delivery-canteen" value={canteenId()} onChange={(e) => setCanteenId(e.currentTarget.value)}>
          <For each={props.canteens}>{(c) => <option value={c.id}>{c.schoolName} · {c.name}</option>}</For>
        </select>
      </label>
      <datalist id="trace-products">
        <For each={props.products}>{(p) => <option value={p} />}</For>
      </datalist>
      <Index each={lines()}>
        {(l, i) => (
          <fieldset class="delivery-line" data-testid="delivery-line" data-cert={l().certificate ? "yes" : "no"}>
            <legend>{t("trace.batchN", { n: i + 1 })}</legend>
            <label>{t("trace.product")}<input name="product" list="trace-products" required value={l().product} onInput={(e) => update(i, { product: e.currentTarget.value })} /></label>
            <label>{t("trace.batchNo")}<input name="batchNo" required value={l().batchNo} onInput={(e) => update(i, { batchNo: e.currentTarget.value })} /></label>
            <label>{t("trace.quantity")}<input name="quantity" type="number" step="0.001" min="0.001" required value={l().quantity || ""} onInput={(e) => update(i, { quantity: Number(e.currentTarget.value) })} /></label>
            <label>{t("trace.unit")}<input name="unit" required value={l().unit} onInput={(e) => update(i, { unit: e.currentTarget.value })} /></label>
            <label>{t("trace.productionDate")}<input name="productionDate" type="date" required value={l().productionDate} onInput={(e) => update(i, { productionDate: e.currentTarget.value })} /></label>
            <label>{t("trace.shelfLifeDays")}<input name="shelfLifeDays" type="number" min="1" required value={l().shelfLifeDays} onInput={(e) => update(i, { shelfLifeDays: Number(e.currentTarget.value) })} /></label>
            <label>{t("trace.origin")}<input name="origin" required value={l().origin} onInput={(e) => update(i, { origin: e.currentTarget.value })} /></label>
            {/* optional: the producer's licence (the trace shows it) and the price the cost per student-meal is computed from */}
            <label>{t("trace.originLicence")}<input name="originLicence" minLength={4} maxLength={40} value={l().originLicence ?? ""} onInput={(e) => update(i, { originLicence: e.currentTarget.value || undefined })} /></label>
            <label>{t("trace.unitPriceYuan")}<input name="unitPriceYuan" type="number" step="0.01" min="0" max="100000" inputMode="decimal" value={l().unitPriceYuan ?? ""} onInput={(e) => update(i, { unitPriceYuan: e.currentTarget.value === "" ? undefined : Number(e.currentTarget.value) })} /></label>
            <label>
              {t("trace.certificate")}
              <input name="certificate" type="file" accept="image/jpeg,image/png,application/pdf" onChange={async (e) => { const f = e.currentTarget.files?.[0]; if (f) update(i, { certificate: await base64Of(f), fileName: f.name }); }} />
            </label>
            <Show when={lines().length > 1}>
              <button type="button" onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}>{t("trace.removeLine")}</button>
            </Show>
          </fieldset>
        )}
      </Index>
      <button type="button" data-testid="delivery-add-line" onClick={() => setLines((ls) => [...ls, blank()])}>{t("trace.addLine")}</button>
      <ErrorBanner error={action.error()} />
      <button type="submit" class="button-primary" data-testid="delivery-submit" disabled={action.busy()}>{t("trace.submitDelivery")}</button>
    </form>
  );
}
