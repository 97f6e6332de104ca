import { Navigate, type RouteDefinition, Router } from "@solidjs/router";
import { createEffect, lazy, Show } from "solid-js";
import { requirePermission } from "./components/DeadEnd.tsx";
import { NotFound } from "./components/NotFound.tsx";
import { Shell } from "./components/Shell.tsx";
import { CanteenPage } from "./pages/canteens/CanteenPage.tsx";
import { CanteensPage } from "./pages/canteens/CanteensPage.tsx";
import { SchoolLivePage } from "./pages/live/SchoolLivePage.tsx";
import { LoginPage } from "./pages/login/LoginPage.tsx";
import { OrdersPage } from "./pages/orders/OrdersPage.tsx";
import { VerifyOrderPage } from "./pages/orders/VerifyOrderPage.tsx";
import { OrgsPage } from "./pages/orgs/OrgsPage.tsx";
import { SchoolsPage } from "./pages/schools/SchoolsPage.tsx";
import { UsersPage } from "./pages/users/UsersPage.tsx";
import { t } from "./i18n/index.ts";
import { prefetchLiveToken } from "./live/tokenPrefetch.ts";
import { importLivePage } from "./pages/live/preload.ts";
import { homePath, me } from "./stores/session.ts";

/** "/" sends each user to their home: schools for regulators and education, canteens for schools. */
function Home() {
  return <Show when={me()}>{(user) => <Navigate href={homePath(user())} />}</Show>;
}

/** The live page carries the LiveKit SDK: loaded only when opened. */
const LivePage = lazy(() => importLivePage().then((m) => ({ default: m.LivePage })));

/** An order's page draws annotated frames (the annotation geometry and its zod contract): loaded when opened. */
const OrderPage = lazy(() => import("./pages/orders/OrderPage.tsx").then((m) => ({ default: m.OrderPage })));
/** The print view carries the QR code encoder: loaded only when opened. */
const OrderPrintPage = lazy(() => import("./pages/orders/OrderPrintPage.tsx").then((m) => ({ default: m.OrderPrintPage })));
/** The ledgers' forms carry the kinds' zod schemas: loaded when opened. */
const LedgersPage = lazy(() => import("./pages/ledgers/LedgersPage.tsx").then((m) => ({ default: m.LedgersPage })));
const LedgerOverviewPage = lazy(() => import("./pages/ledgers/LedgerOverviewPage.tsx").then((m) => ({ default: m.LedgerOverviewPage })));
/** The alert inbox carries the LiveKit SDK for its live feed: loaded only when opened. */
const AlertsPage = lazy(() => import("./pages/alerts/AlertsPage.tsx").then((m) => ({ default: m.AlertsPage })));

/** Every page but /login lives inside the signed-in Shell; each names the permission it needs (else: a "no permission" page). */
export const routes: RouteDefinition[] = [
  { path: "/login", component: LoginPage },
  // public: the QR code of a printed order opens it, signed in or not
  { path: "/verify/order/:id", component: VerifyOrderPage },
  {
    path: "/",
    component: Shell,
    children: [
      { path: "/", component: Home },
      { path: "/schools", component: requirePermission("schools.read", SchoolsPage) },
      { path: "/canteens", component: requirePermission("canteens.read", CanteensPage) },
      { path: "/canteens/:id", component: requirePermission("canteens.read", CanteenPage) },
      { path: "/live/org/:orgId", component: requirePermission("live.join", SchoolLivePage) },
      {
        path: "/live/:canteenId",
        component: requirePermission("live.join", LivePage),
        // on the way there (not on mere hover): the token request runs beside the SDK's download
        preload: ({ params, intent }) => {
          if (intent !== "preload" && params.canteenId) prefetchLiveToken(params.canteenId);
        },
      },
      { path: "/orders", component: requirePermission("orders.read", OrdersPage) },
      { path: "/orders/:id", component: requirePermission("orders.read", OrderPage) },
      { path: "/orders/:id/print", component: requirePermission("orders.read", OrderPrintPage) },
      { path: "/alerts", component: requirePermission("alerts.read", AlertsPage) },
      { path: "/ledgers", component: requirePermission("ledgers.read", LedgersPage) },
      { path: "/ledgers/overview", component: requirePermission("ledgers.read", LedgerOverviewPage) },
      { path: "/orgs", component: requirePermission("orgs.read", OrgsPage) },
      { path: "/users", component: requirePermission("users.manage", UsersPage) },
      { path: "*", component: NotFound },
    ],
  },
];

export function App() {
  createEffect(() => (document.title = t("app.title")));
  return <Router>{routes}</Router>;
}
