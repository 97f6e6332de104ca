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
import { enterLiveRoomOnTheWay, importLivePage } from "./pages/live/preload.ts";
import { can, homePath, me } from "./stores/session.ts";

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
/** A camera's recording timeline (issue 19): loaded when opened. */
const RecordingsPage = lazy(() => import("./pages/record/RecordingsPage.tsx").then((m) => ({ default: m.RecordingsPage })));
const ClipVerifyPage = lazy(() => import("./pages/record/ClipVerifyPage.tsx").then((m) => ({ default: m.ClipVerifyPage })));
/** Patrol (issue 12): the draw pages carry the sampler and its SHA-256; loaded when opened. */
const DrawsPage = lazy(() => import("./pages/patrol/DrawsPage.tsx").then((m) => ({ default: m.DrawsPage })));
const DrawPage = lazy(() => import("./pages/patrol/DrawPage.tsx").then((m) => ({ default: m.DrawPage })));
const SpotChecksPage = lazy(() => import("./pages/patrol/SpotChecksPage.tsx").then((m) => ({ default: m.SpotChecksPage })));
const CoveragePage = lazy(() => import("./pages/patrol/CoveragePage.tsx").then((m) => ({ default: m.CoveragePage })));
const VerifyDrawPage = lazy(() => import("./pages/patrol/VerifyDrawPage.tsx").then((m) => ({ default: m.VerifyDrawPage })));
const PlansPage = lazy(() => import("./pages/patrol/PlansPage.tsx").then((m) => ({ default: m.PlansPage })));
const RecordsPage = lazy(() => import("./pages/patrol/RecordsPage.tsx").then((m) => ({ default: m.RecordsPage })));
const PublicDrawsPage = lazy(() => import("./pages/patrol/PublicDrawsPage.tsx").then((m) => ({ default: m.PublicDrawsPage })));

/** The public page (the canteen's QR code), its poster (the QR encoder) and the tracking page: loaded only when opened. */
const PublicPage = lazy(() => import("./pages/public/PublicPage.tsx").then((m) => ({ default: m.PublicPage })));
const DisclosurePage = lazy(() => import("./pages/public/DisclosurePage.tsx").then((m) => ({ default: m.DisclosurePage })));
const PosterPage = lazy(() => import("./pages/public/PosterPage.tsx").then((m) => ({ default: m.PosterPage })));
const TrackPage = lazy(() => import("./pages/public/TrackPage.tsx").then((m) => ({ default: m.TrackPage })));
const SelfChecksPage = lazy(() => import("./pages/patrol/SelfChecksPage.tsx").then((m) => ({ default: m.SelfChecksPage })));
const FieldTasksPage = lazy(() => import("./pages/field/FieldTasksPage.tsx").then((m) => ({ default: m.FieldTasksPage })));
const FieldTaskPage = lazy(() => import("./pages/field/FieldTaskPage.tsx").then((m) => ({ default: m.FieldTaskPage })));
const ComplaintsPage = lazy(() => import("./pages/complaints/ComplaintsPage.tsx").then((m) => ({ default: m.ComplaintsPage })));
const TodoPage = lazy(() => import("./pages/todo/TodoPage.tsx").then((m) => ({ default: m.TodoPage })));
const CommitteePage = lazy(() => import("./pages/committee/CommitteePage.tsx").then((m) => ({ default: m.CommitteePage })));
const SchoolSuppliersPage = lazy(() => import("./pages/committee/SchoolSuppliers.tsx").then((m) => ({ default: m.SchoolSuppliersPage })));
const ViewingListPage = lazy(() => import("./pages/viewing/ViewingListPage.tsx").then((m) => ({ default: m.ViewingListPage })));
/** A viewing session carries the LiveKit SDK for the parent's room: loaded only when opened. */
const ViewingSessionPage = lazy(() => import("./pages/viewing/ViewingSessionPage.tsx").then((m) => ({ default: m.ViewingSessionPage })));
/** The ledgers' forms carry the kinds' zod schemas: loaded when opened. */
const LedgersPage = lazy(() => import("./pages/ledgers/LedgersPage.tsx").then((m) => ({ default: m.LedgersPage })));
const LedgerOverviewPage = lazy(() => import("./pages/ledgers/LedgerOverviewPage.tsx").then((m) => ({ default: m.LedgerOverviewPage })));
const ChecklistsPage = lazy(() => import("./pages/ledgers/ChecklistsPage.tsx").then((m) => ({ default: m.ChecklistsPage })));
/** 首页驾驶舱 (issue 16): the overview draws its chart with ECharts, loaded with the page. */
const OverviewPage = lazy(() => import("./pages/overview/OverviewPage.tsx").then((m) => ({ default: m.OverviewPage })));
const SurveyPage = lazy(() => import("./pages/overview/SurveyPage.tsx").then((m) => ({ default: m.SurveyPage })));
/** 食安地图 (issue 16 item 7): Leaflet and supercluster load with the page, not with the app */
const MapPage = lazy(() => import("./pages/overview/map/MapPage.tsx").then((m) => ({ default: m.MapPage })));
const UnitPage = lazy(() => import("./pages/overview/UnitPage.tsx").then((m) => ({ default: m.UnitPage })));
const OverviewCamerasPage = lazy(() => import("./pages/overview/CamerasPage.tsx").then((m) => ({ default: m.CamerasPage })));
/** 应急指挥调度 (issue 16, item 8): dispatch notices and their receipts. */
const NoticesPage = lazy(() => import("./pages/dispatch/NoticesPage.tsx").then((m) => ({ default: m.NoticesPage })));
const NoticePage = lazy(() => import("./pages/dispatch/NoticePage.tsx").then((m) => ({ default: m.NoticePage })));
/** The alert inbox carries the LiveKit SDK for its live feed: loaded only when opened. */
const TracePage = lazy(() => import("./pages/trace/TracePage.tsx").then((m) => ({ default: m.TracePage })));
const DishTracePage = lazy(() => import("./pages/trace/TraceViews.tsx").then((m) => ({ default: m.DishTracePage })));
const BatchTracePage = lazy(() => import("./pages/trace/TraceViews.tsx").then((m) => ({ default: m.BatchTracePage })));
const AlertsPage = lazy(() => import("./pages/alerts/AlertsPage.tsx").then((m) => ({ default: m.AlertsPage })));

/** Every page but /login lives inside the signed-in Shell; each names the permission it needs (else: a "no permission" page). */
export const routes: RouteDefinition[] = [
  { path: "/login", component: LoginPage },
  // public: the QR code of a printed order opens it, signed in or not
  { path: "/verify/order/:id", component: VerifyOrderPage },
  // public: a draw anyone can check (recomputed in the browser), and a region's published draws (一公开)
  { path: "/verify/draw/:id", component: VerifyDrawPage },
  { path: "/public/regions/:code/draws", component: PublicDrawsPage },
  // public: the canteen's QR code, its printable poster, a complaint's tracking code
  { path: "/p/:slug", component: PublicPage },
  { path: "/p/:slug/poster", component: PosterPage },
  { path: "/t/:code", component: TrackPage },
  {
    path: "/",
    component: Shell,
    children: [
      { path: "/", component: Home },
      { path: "/overview", component: requirePermission("overview.read", OverviewPage) },
      { path: "/overview/survey", component: requirePermission("overview.read", SurveyPage) },
      { path: "/overview/cameras", component: requirePermission("overview.read", OverviewCamerasPage) },
      { path: "/overview/units/:id", component: requirePermission("overview.read", UnitPage) },
      { path: "/overview/map", component: requirePermission("overview.read", MapPage) },
      { path: "/notices", component: requirePermission("notices.read", NoticesPage) },
      { path: "/notices/:id", component: requirePermission("notices.read", NoticePage) },
      { path: "/schools", component: requirePermission("schools.read", SchoolsPage) },
      { path: "/canteens", component: requirePermission("canteens.read", CanteensPage) },
      { path: "/canteens/:id", component: requirePermission("canteens.read", CanteenPage) },
      { path: "/canteens/:id/disclosure", component: requirePermission("canteens.manage", DisclosurePage) },
      { path: "/live/org/:orgId", component: requirePermission("live.join", SchoolLivePage) },
      {
        path: "/live/:canteenId",
        component: requirePermission("live.join", LivePage),
        // on the way there (not on mere hover): the token request runs beside the SDK's download, and once the
        // SDK is here the room is entered before the page is drawn
        preload: ({ params, intent }) => {
          if (intent === "preload" || !params.canteenId || !can("live.join")) return;
          prefetchLiveToken(params.canteenId);
          enterLiveRoomOnTheWay(params.canteenId);
        },
      },
      { path: "/orders", component: requirePermission("orders.read", OrdersPage) },
      { path: "/orders/:id", component: requirePermission("orders.read", OrderPage) },
      { path: "/orders/:id/print", component: requirePermission("orders.read", OrderPrintPage) },
      { path: "/alerts", component: requirePermission("alerts.read", AlertsPage) },
      { path: "/cameras/:id/recordings", component: requirePermission("recordings.read", RecordingsPage) },
      { path: "/clips/:id", component: requirePermission("recordings.read", ClipVerifyPage) },
      { path: "/patrol/records", component: requirePermission("inspections.read", RecordsPage) },
      { path: "/patrol/draws", component: requirePermission("patrol.read", DrawsPage) },
      { path: "/patrol/draws/:id", component: requirePermission("patrol.read", DrawPage) },
      { path: "/patrol/spot-checks", component: requirePermission("patrol.check", SpotChecksPage) },
      { path: "/patrol/plans", component: requirePermission("patrol.read", PlansPage) },
      { path: "/patrol/coverage", component: requirePermission("patrol.read", CoveragePage) },
      { path: "/complaints", component: requirePermission("complaints.read", ComplaintsPage) },
      { path: "/field", component: requirePermission("field.read", FieldTasksPage) },
      { path: "/field/:id", component: requirePermission("field.read", FieldTaskPage) },
      { path: "/todo", component: requirePermission("todo.read", TodoPage) },
      { path: "/self-checks", component: requirePermission("selfcheck.record", SelfChecksPage) },
      { path: "/committee", component: requirePermission("committee.manage", CommitteePage) },
      { path: "/committee/suppliers", component: requirePermission("committee.suppliers", SchoolSuppliersPage) },
      { path: "/viewing", component: requirePermission("viewing.read", ViewingListPage) },
      { path: "/viewing/:id", component: requirePermission("viewing.read", ViewingSessionPage) },
      { path: "/ledgers", component: requirePermission("ledgers.read", LedgersPage) },
      { path: "/ledgers/overview", component: requirePermission("ledgers.read", LedgerOverviewPage) },
      { path: "/ledgers/checklists", component: requirePermission("checklists.read", ChecklistsPage) },
      { path: "/trace", component: requirePermission("trace.read", TracePage) },
      { path: "/trace/dishes/:id", component: requirePermission("trace.read", DishTracePage) },
      { path: "/trace/lines/:id", component: requirePermission("trace.read", BatchTracePage) },
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
