import { useSearchParams } from "@solidjs/router";
import { createResource, For, Match, Show, Switch } from "solid-js";
import { listCanteens } from "../../api/canteens.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { type MessageKey, t } from "../../i18n/index.ts";
import { can, isRegionUser, me } from "../../stores/session.ts";
import { WarningsOverview } from "./WarningsOverview.tsx";
import { CostTab } from "./CostTab.tsx";
import { DeliveriesTab } from "./DeliveriesTab.tsx";
import { MenuTab } from "./MenuTab.tsx";
import { StockTab } from "./StockTab.tsx";
import { SupplierPanel } from "./SupplierPanel.tsx";
import { SuppliersTab, WarningsTab } from "./SuppliersTab.tsx";

const TABS = ["deliveries", "stock", "menu", "suppliers", "warnings", "cost"] as const;
type Tab = (typeof TABS)[number];

/**
 * /trace — 食材追溯. A supplier's manager: its file, the canteens it serves, its deliveries. A canteen's side: the
 * deliveries to receive, the stock, the week's menu with the day's use, its suppliers and the warnings.
 */
export function TracePage() {
  return (
    <section class="page trace-page" data-testid="trace-page">
      <div class="page-head">
        <h1>{t("trace.title")}</h1>
      </div>
      <Show when={can("trace.deliver")} fallback={<CanteenSide />}>
        <SupplierPanel />
      </Show>
    </section>
  );
}

function CanteenSide() {
  const [params, setParams] = useSearchParams<{ canteen?: string; tab?: string }>();
  const [canteens] = createResource(() => listCanteens({ limit: 50 }).then((p) => p.items));
  const canteenId = () => params.canteen ?? canteens()?.[0]?.id;
  const tab = (): Tab => (TABS.includes(params.tab as Tab) ? (params.tab as Tab) : "deliveries");
  return (
    <>
      <Show when={me() && isRegionUser(me()!)}>
        <WarningsOverview />
      </Show>
      <Show when={(canteens()?.length ?? 0) > 1}>
        {/* flex: none — .inline-field's basis is a width in a row, a height in this column */}
        <label class="inline-field" style={{ flex: "none" }}>
          {t("trace.canteen")}
          <select data-testid="trace-canteen" value={canteenId()} onChange={(e) => setParams({ canteen: e.currentTarget.value })}>
            <For each={canteens()}>{(c) => <option value={c.id}>{c.orgName} · {c.name}</option>}</For>
          </select>
        </label>
      </Show>
      <ErrorBanner error={canteens.error} />
      <Show when={canteens.loading && !canteens()}>
        <p class="muted">{t("trace.loading")}</p>
      </Show>
      <Show when={canteens() && !canteenId()}>
        <p class="empty">{t("trace.noCanteen")}</p>
      </Show>
      <Show when={canteenId()} keyed>
        {(id) => (
          <>
            <div class="tabs" role="tablist" aria-label={t("trace.title")}>
              <For each={TABS.filter((k) => k !== "cost" || can("trace.cost"))}>
                {(k) => (
                  <button type="button" role="tab" data-testid={`trace-tab-${k}`} aria-selected={tab() === k} classList={{ active: tab() === k }} onClick={() => setParams({ tab: k })}>
                    {t(`trace.tab.${k}` as MessageKey)}
                  </button>
                )}
              </For>
            </div>
            <Switch>
              <Match when={tab() === "deliveries"}>
                <DeliveriesTab canteenId={id} />
              </Match>
              <Match when={tab() === "stock"}>
                <StockTab canteenId={id} />
              </Match>
              <Match when={tab() === "menu"}>
                <MenuTab canteenId={id} />
              </Match>
              <Match when={tab() === "suppliers"}>
                <SuppliersTab canteenId={id} />
              </Match>
              <Match when={tab() === "warnings"}>
                <WarningsTab canteenId={id} />
              </Match>
              <Match when={tab() === "cost" && can("trace.cost")}>
                <CostTab canteenId={id} />
              </Match>
            </Switch>
          </>
        )}
      </Show>
    </>
  );
}
