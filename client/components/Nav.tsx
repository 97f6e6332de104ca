import { A } from "@solidjs/router";
import { For, onCleanup, onMount, Show } from "solid-js";
import { type MessageKey, t } from "../i18n/index.ts";
import { alertSummary, clearAlertCounts, refreshAlertCounts, waitingFor } from "../stores/alertCounts.ts";
import { hasRole, isRegionUser } from "../stores/session.ts";
import type { Me } from "../types.ts";

interface NavItem {
  href: string;
  label: MessageKey;
  testid: string;
}

/** The pages this user may open, from the permissions the server granted (me.permissions). */
export function navItems(me: Me): NavItem[] {
  const may = (p: string) => me.permissions.includes(p);
  const items: NavItem[] = [];
  if (may("todo.read")) items.push({ href: "/todo", label: "nav.todo", testid: "nav-todo" });
  if (may("selfcheck.record")) items.push({ href: "/self-checks", label: "nav.selfChecks", testid: "nav-self-checks" });
  if (may("overview.read")) items.push({ href: "/overview", label: "nav.overview", testid: "nav-overview" });
  if (may("overview.read")) items.push({ href: "/overview/map", label: "nav.map", testid: "nav-map" });
  if (may("notices.read")) items.push({ href: "/notices", label: "nav.notices", testid: "nav-notices" });
  if (may("schools.read") && isRegionUser(me)) items.push({ href: "/schools", label: "nav.schools", testid: "nav-schools" });
  if (may("alerts.read")) items.push({ href: "/alerts", label: "nav.alerts", testid: "nav-alerts" });
  if (may("canteens.read")) items.push({ href: "/canteens", label: "nav.canteens", testid: "nav-canteens" });
  if (may("orders.read")) items.push({ href: "/orders", label: "nav.orders", testid: "nav-orders" });
  if (may("inspections.read")) items.push({ href: "/patrol/records", label: "nav.records", testid: "nav-records" });
  if (may("patrol.read")) items.push({ href: "/patrol/draws", label: "nav.draws", testid: "nav-draws" });
  if (may("patrol.check")) items.push({ href: "/patrol/spot-checks", label: "nav.spotChecks", testid: "nav-spot-checks" });
  if (may("field.read")) items.push({ href: "/field", label: "nav.field", testid: "nav-field" });
  if (may("patrol.read")) items.push({ href: "/patrol/coverage", label: "nav.coverage", testid: "nav-coverage" });
  if (may("patrol.read")) items.push({ href: "/patrol/plans", label: "nav.plans", testid: "nav-plans" });
  if (may("viewing.read")) items.push({ href: "/viewing", label: "nav.viewing", testid: "nav-viewing" });
  if (may("committee.manage")) items.push({ href: "/committee", label: "nav.committee", testid: "nav-committee" });
  // a parent sees the school's supplier choices on their own page (managers see them on the committee page)
  if (may("committee.suppliers") && !may("committee.manage") && !isRegionUser(me)) items.push({ href: "/committee/suppliers", label: "nav.schoolSuppliers", testid: "nav-school-suppliers" });
  if (may("complaints.read")) items.push({ href: "/complaints", label: "nav.complaints", testid: "nav-complaints" });
  if (may("ledgers.read")) items.push(isRegionUser(me) ? { href: "/ledgers/overview", label: "nav.ledgerOverview", testid: "nav-ledgers" } : { href: "/ledgers", label: "nav.ledgers", testid: "nav-ledgers" });
  if (may("trace.read")) items.push({ href: "/trace", label: "nav.trace", testid: "nav-trace" });
  if (may("orgs.manage")) items.push({ href: "/orgs", label: "nav.orgs", testid: "nav-orgs" });
  if (may("users.manage")) {
    // a principal manages only the parent representatives of their school (seed doc 000 第十六条)
    const parentsOnly = !hasRole(me, "regulator_admin");
    items.push({ href: "/users", label: parentsOnly ? "nav.parents" : "nav.users", testid: "nav-users" });
  }
  return items;
}

/** how often the badge asks again when no push of the inbox has refreshed it */
const BADGE_REFRESH_MS = 60_000;

export function Nav(props: { me: Me; open: boolean; onNavigate: () => void; onSignOutEverywhere: () => void }) {
  onMount(() => {
    if (!props.me.permissions.includes("alerts.read")) return;
    void refreshAlertCounts();
    const timer = setInterval(() => void refreshAlertCounts(), BADGE_REFRESH_MS);
    onCleanup(() => {
      clearInterval(timer);
      clearAlertCounts();
    });
  });
  const badge = (href: string) => (href === "/alerts" ? waitingFor(props.me, alertSummary()) : 0);
  return (
    <nav class="nav" classList={{ open: props.open }} aria-label={t("nav.primary")} data-testid="nav">
      <ul>
        <For each={navItems(props.me)}>
          {(item) => (
            <li>
              <A href={item.href} data-testid={item.testid} activeClass="active" onClick={() => props.onNavigate()}>
                {t(item.label)}
                <Show when={badge(item.href) > 0}>
                  <span class="nav-badge" data-testid={`${item.testid}-badge`} aria-label={t("nav.waiting", { n: badge(item.href) })}>
                    {badge(item.href) > 99 ? "99+" : badge(item.href)}
                  </span>
                </Show>
              </A>
            </li>
          )}
        </For>
        <li class="nav-end">
          <button type="button" class="nav-quiet" data-testid="logout-everywhere" onClick={() => props.onSignOutEverywhere()}>
            {t("nav.logoutEverywhere")}
          </button>
        </li>
      </ul>
    </nav>
  );
}
