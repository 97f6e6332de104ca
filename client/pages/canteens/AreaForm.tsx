import { createSignal, For } from "solid-js";
import { createArea } from "../../api/canteens.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { areaKindLabel, t } from "../../i18n/index.ts";
import { AREA_KINDS, type Area, type AreaKind } from "../../types.ts";
import { createAction } from "../../action.ts";

/** Adds an area to a canteen; the name starts as the kind's usual name (留样间, 就餐区 …). */
export function AreaForm(props: { canteenId: string; onCreated: (area: Area) => void }) {
  const [kind, setKind] = createSignal<AreaKind>("sample_retention");
  const [name, setName] = createSignal("");
  const { busy, error, run } = createAction();

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    await run(async () => {
      const area = await createArea(props.canteenId, { kind: kind(), name: name().trim() || areaKindLabel(kind()) });
      setName("");
      props.onCreated(area);
    });
  }

  return (
    <form class="card form" data-testid="area-form" onSubmit={submit}>
      <h3>{t("manage.addArea")}</h3>
      <ErrorBanner error={error()} />
      <div class="form-row">
        <Field label={t("manage.areaKind")}>
          <select data-testid="area-kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value as AreaKind)}>
            <For each={AREA_KINDS}>{(k) => <option value={k}>{areaKindLabel(k)}</option>}</For>
          </select>
        </Field>
        <Field label={t("manage.areaName")}>
          <input data-testid="area-name" maxLength={100} placeholder={areaKindLabel(kind())} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
      </div>
      <button type="submit" disabled={busy()}>
        {t("common.create")}
      </button>
    </form>
  );
}
