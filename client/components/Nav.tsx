import { A } from "@solidjs/router";
import { For } from "solid-js";
import { type MessageKey, t } from "../i18n/index.ts";
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
  if (may("schools.read") && isRegionUser(me)) items.push({ href: "/schools", label: "nav.schools", testid: "nav-schools" });
  if (may("alerts.read")) items.push({ href: "/alerts", label: "nav.alerts", testid: "nav-alerts" });
  if (may("canteens.read")) items.push({ href: "/canteens", label: "nav.canteens", testid: "nav-canteens" });
  if (may("orders.read")) items.push({ href: "/orders", label: "nav.orders", testid: "nav-orders" });
  if (may("orgs.manage")) items.push({ href: "/orgs", label: "nav.orgs", testid: "nav-orgs" });
  if (may("users.manage")) {
    // a principal manages only the parent representatives of their school (seed doc 000 第十六条)
    const parentsOnly = !hasRole(me, "regulator_admin");
    items.push({ href: "/users", label: parentsOnly ? "nav.parents" : "nav.users", testid: "nav-users" });
  }
  return items;
}

export function Nav(props: { me: Me; open: boolean; onNavigate: () => void }) {
  return (
    <nav class="nav" classList={{ open: props.open }} aria-label={t("nav.primary")} data-testid="nav">
      <ul>
        <For each={navItems(props.me)}>
          {(item) => (
            <li>
              <A href={item.href} data-testid={item.testid} activeClass="active" onClick={() => props.onNavigate()}>
                {t(item.label)}
              </A>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
