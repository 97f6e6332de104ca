import { createEffect, createResource, createSignal, For, on, Show } from "solid-js";
import { regionChecklists, type RegionChecklistsView, saveChecklist } from "../../api/ledgers.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { RegionPicker } from "../../components/RegionPicker.tsx";
import { formatTime, type MessageKey, t } from "../../i18n/index.ts";
import { can, me } from "../../stores/session.ts";
import { CHECKLIST_KINDS, type ChecklistKind, MAX_CHECKLIST_ITEMS, MAX_ITEM_LABEL } from "../../../server/ledgers/checklist.ts";
import { optionLabel } from "./fields.ts";

type KindView = RegionChecklistsView["kinds"][number];
/** An item being edited: a kept key (built-in or the region's own) or none for a new one; its wording ("" = built-in's own). */
interface Draft {
  key?: string;
  label: string;
}
const draftOf = (k: KindView): Draft[] => (k.own?.items ?? k.inEffect.items).map((i) => ({ key: i.key, label: i.label ?? "" }));

/**
 * /ledgers/checklists — 食品安全自查清单 of a regulator's region (issue 14): for 日管控、周排查、月调度, keep, reword or
 * remove the built-in items and add the region's own; saving makes a new version, which the region's canteens
 * use from then on (a district's before its city's). Read-only for those who may only read it.
 */
export function ChecklistsPage() {
  /** the caller's own regions (a regulator's or education bureau's), the first one's checklists shown first */
  const regions = () => [...new Map((me()?.memberships ?? []).filter((m) => m.orgKind === "regulator" || m.orgKind === "education").map((m) => [m.regionCode, m.regionName])).entries()];
  const [regionCode, setRegionCode] = createSignal<string>();
  const region = () => regionCode() ?? regions()[0]?.[0];
  const [kind, setKind] = createSignal<ChecklistKind>("daily_control");
  const [tick, setTick] = createSignal(0);
  const [data] = createResource(() => (region() ? { code: region()!, tick: tick() } : false), ({ code }) => regionChecklists({ regionCode: code }));
  // an errored resource throws when read: the error banner says what went wrong, the rest waits for an answer
  const loaded = () => (data.error ? undefined : data());
  const current = () => loaded()?.kinds.find((k) => k.kind === kind());
  const [draft, setDraft] = createSignal<Draft[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [notice, setNotice] = createSignal("");
  createEffect(on(current, (k) => k && setDraft(draftOf(k))));
  const editable = () => can("checklists.manage");
  const builtinLeft = () => (current()?.builtin ?? []).filter((key) => !draft().some((d) => d.key === key));
  const update = (i: number, label: string) => setDraft((d) => d.map((x, j) => (j === i ? { ...x, label } : x)));

  async function save(items: Draft[] | null) {
    setError(undefined);
    setNotice("");
    setBusy(true);
    try {
      const body = items?.map((d) => ({ ...(d.key ? { key: d.key } : {}), ...(d.label.trim() ? { label: d.label.trim() } : {}) })) ?? null;
      await saveChecklist({ regionCode: region()!, kind: kind(), items: body });
      setNotice(t("checklist.saved"));
      setTick((n) => n + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page checklists-page" data-testid="checklists-page">
      <div class="page-head">
        <h1>{t("checklist.title")}</h1>
        <Show when={loaded()}>{(d) => <span class="count" data-testid="checklist-region-name">{d().regionName}</span>}</Show>
        <a href="/ledgers/overview" class="button-small button-quiet">{t("ledger.overview")}</a>
      </div>
      <Show when={regions().length > 0} fallback={<p class="empty" data-testid="checklists-no-region">{t("checklist.noRegion")}</p>}>
        {/* a city's or province's regulator may adapt its own region's checklists or those of a region below it */}
        <RegionPicker
          root={regions()[0]?.[0]}
          value={region() ?? ""}
          onChange={(code) => { setRegionCode(code); setNotice(""); setError(undefined); }}
          emptyValue={regions()[0]?.[0] ?? ""}
          emptyLabel={t("region.itself", { name: regions()[0]?.[1] ?? "" })}
          label={t("checklist.region")}
          testid="checklist-region"
          inline
          hideWhenEmpty
        />
        <p class="muted small">{t("checklist.hint")}</p>
        <div class="tabs" role="tablist" aria-label={t("checklist.title")}>
          <For each={CHECKLIST_KINDS}>
            {(k) => (
              <button type="button" role="tab" data-testid={`checklist-kind-${k}`} aria-selected={kind() === k} classList={{ active: kind() === k }} onClick={() => { setKind(k); setNotice(""); setError(undefined); }}>
                {t(`ledger.kind.${k}` as MessageKey)}
              </button>
            )}
          </For>
        </div>
        <ErrorBanner error={data.error ?? error()} />
        <Show when={current()} fallback={<Show when={!data.error}><p class="muted">{t("checklist.loading")}</p></Show>}>
          {(k) => (
            <form class="form card checklist-form" data-testid="checklist-form" data-kind={k().kind} onSubmit={(e) => { e.preventDefault(); void save(draft()); }}>
              <p class="small" data-testid="checklist-source">
                <Show when={k().own?.items} fallback={k().inherited.id ? t("checklist.fromAbove", { region: k().inheritedFrom ?? k().inherited.regionCode ?? "" }) : t("checklist.builtinInUse")}>
                  {t("checklist.ownVersion", { n: k().own!.version, who: k().own!.createdBy.name, at: formatTime(k().own!.createdAt) })}
                </Show>
              </p>
              <Show when={draft().length > 0} fallback={<p class="empty" data-testid="checklist-empty">{t("checklist.empty")}</p>}>
                <ol class="checklist-items">
                  <For each={draft()}>
                    {(d, i) => (
                      <li class="field" data-testid="checklist-item" data-key={d.key ?? ""}>
                        <input
                          name="label"
                          maxLength={MAX_ITEM_LABEL}
                          value={d.label}
                          placeholder={d.key && !d.key.startsWith("c_") ? optionLabel(d.key) : t("checklist.newItem")}
                          required={!d.key || d.key.startsWith("c_")}
                          disabled={!editable()}
                          aria-label={t("checklist.itemLabel")}
                          onInput={(e) => update(i(), e.currentTarget.value)}
                        />
                        <Show when={editable()}>
                          <button type="button" class="button-small button-quiet" data-testid="checklist-remove" onClick={() => setDraft((x) => x.filter((_, j) => j !== i()))}>{t("checklist.remove")}</button>
                        </Show>
                      </li>
                    )}
                  </For>
                </ol>
              </Show>
              <Show when={editable()}>
                <div class="actions">
                  <button type="button" class="button-small" data-testid="checklist-add" disabled={draft().length >= MAX_CHECKLIST_ITEMS} onClick={() => setDraft((x) => [...x, { label: "" }])}>{t("checklist.add")}</button>
                  <Show when={builtinLeft().length > 0}>
                    <select aria-label={t("checklist.restore")} value="" onChange={(e) => { const key = e.currentTarget.value; if (key) setDraft((x) => [...x, { key, label: "" }]); e.currentTarget.value = ""; }}>
                      <option value="">{t("checklist.restore")}</option>
                      <For each={builtinLeft()}>{(key) => <option value={key}>{optionLabel(key)}</option>}</For>
                    </select>
                  </Show>
                </div>
                <Show when={notice()}><p class="notice" role="status" data-testid="checklist-notice">{notice()}</p></Show>
                <div class="actions">
                  <button type="submit" class="button-primary" data-testid="checklist-save" disabled={busy() || draft().length === 0}>{busy() ? t("ledger.submitting") : t("checklist.save")}</button>
                  <Show when={k().own?.items}>
                    <button type="button" data-testid="checklist-reset" disabled={busy()} onClick={() => void save(null)}>{t("checklist.reset")}</button>
                  </Show>
                </div>
              </Show>
            </form>
          )}
        </Show>
      </Show>
    </section>
  );
}
