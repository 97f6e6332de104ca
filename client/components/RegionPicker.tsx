import { createResource, For, type JSX, Show } from "solid-js";
import { listRegions } from "../api/orgs.ts";
import { t } from "../i18n/index.ts";
import { regionPrefix, withinRegion } from "../regions.ts";
import type { Region } from "../types.ts";

/** The direct children of a region, kept to those inside it (GET /regions answers for any parent). */
const childrenOf = (parent: string) => listRegions({ parent }).then((r) => r.items.filter((x) => withinRegion(x.code, parent)));

const levelLabel = (level: Region["level"] | undefined) => t(`region.level.${level ?? "district"}`);

/**
 * Two chained selects over the user's jurisdiction (`root` and below): a city or province user picks a
 * child region, and when that one has children of its own (a city under a province) a second select
 * offers its districts. Controlled: `value` is the chosen code, `emptyValue` what "nothing picked" means
 * (the root itself in a form, "" in a filter).
 */
export function RegionPicker(props: {
  root: string | undefined;
  value: string;
  onChange: (code: string) => void;
  emptyValue: string;
  emptyLabel: string;
  label?: string;
  testid: string;
  /** toolbar style (label beside the list) instead of a form field */
  inline?: boolean;
  /** hide entirely when the root has no children (a district user's filter) */
  hideWhenEmpty?: boolean;
}) {
  const [children] = createResource(() => props.root, childrenOf);
  const first = () => (children() ?? []).find((r) => props.value !== "" && props.value.startsWith(regionPrefix(r.code)));
  const [grandchildren] = createResource(() => {
    const f = first();
    return f && f.level !== "district" ? f.code : undefined;
  }, childrenOf);
  // while another city's districts load, the resource still holds the previous city's
  const subRegions = () => (grandchildren() ?? []).filter((r) => r.parentCode === first()?.code);
  const second = () => (first() && props.value !== first()!.code ? props.value : "");

  const Labelled = (p: { label: string; children: JSX.Element }) => (
    <label class={props.inline ? "inline-field" : "field"}>
      <span class={props.inline ? undefined : "field-label"}>{p.label}</span>
      {p.children}
    </label>
  );

  return (
    <Show when={!props.hideWhenEmpty || (children() ?? []).length > 0}>
      <Labelled label={props.label ?? levelLabel(children()?.[0]?.level)}>
        <select data-testid={props.testid} value={first()?.code ?? ""} onChange={(e) => props.onChange(e.currentTarget.value || props.emptyValue)}>
          <option value="">{props.emptyLabel}</option>
          <For each={children()}>{(r) => <option value={r.code}>{r.name}</option>}</For>
        </select>
      </Labelled>
      <Show when={first() && subRegions().length > 0}>
        <Labelled label={levelLabel(subRegions()[0]?.level)}>
          <select data-testid={`${props.testid}-sub`} value={second()} onChange={(e) => props.onChange(e.currentTarget.value || first()!.code)}>
            <option value="">{t("region.itself", { name: first()!.name })}</option>
            <For each={subRegions()}>{(r) => <option value={r.code}>{r.name}</option>}</For>
          </select>
        </Labelled>
      </Show>
    </Show>
  );
}
