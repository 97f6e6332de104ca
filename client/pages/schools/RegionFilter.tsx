import { createResource, For, Show } from "solid-js";
import { api } from "../../api.ts";
import { t } from "../../i18n/index.ts";
import type { Region } from "../../types.ts";

/** A district picker for users whose jurisdiction has sub-regions (a city regulator); hidden for a district. */
export function RegionFilter(props: { parent: string | undefined; value: string; onChange: (code: string) => void }) {
  const [regions] = createResource(
    () => props.parent,
    (parent) => api.get<{ items: Region[] }>("/regions", { parent }).then((r) => r.items),
  );
  return (
    <Show when={(regions() ?? []).length > 0}>
      <label class="inline-field">
        <span>{t("schools.region")}</span>
        <select data-testid="region-filter" value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
          <option value="">{t("schools.allRegions")}</option>
          <For each={regions()}>{(r) => <option value={r.code}>{r.name}</option>}</For>
        </select>
      </label>
    </Show>
  );
}
