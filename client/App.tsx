import { Navigate, type RouteDefinition, Router } from "@solidjs/router";
import { createEffect, lazy, Show } from "solid-js";
import { NotFound } from "./components/NotFound.tsx";
import { Shell } from "./components/Shell.tsx";
import { CanteenPage } from "./pages/canteens/CanteenPage.tsx";
import { CanteensPage } from "./pages/canteens/CanteensPage.tsx";
import { SchoolLivePage } from "./pages/live/SchoolLivePage.tsx";
import { LoginPage } from "./pages/login/LoginPage.tsx";
import { OrgsPage } from "./pages/orgs/OrgsPage.tsx";
import { SchoolsPage } from "./pages/schools/SchoolsPage.tsx";
import { UsersPage } from "./pages/users/UsersPage.tsx";
import { t } from "./i18n/index.ts";
import { prefetchLiveToken } from "./live/tokenPrefetch.ts";
import { homePath, me } from "./session.ts";

/** "/" sends each user to their home: schools for regulators and education, canteens for schools. */
function Home() {
  return <Show when={me()}>{(user) => <Navigate href={homePath(user())} />}</Show>;
}

/** The live page carries the LiveKit SDK: loaded only when opened. */
const LivePage = lazy(() => import("./pages/live/LivePage.tsx").then((m) => ({ default: m.LivePage })));

/** The alert inbox carries the LiveKit SDK for its live feed: loaded only when opened. */
const AlertsPage = lazy(() => import("./pages/alerts/AlertsPage.tsx").then((m) => ({ default: m.AlertsPage })));

/** Every page but /login lives inside the signed-in Shell. */
export const routes: RouteDefinition[] = [
  { path: "/login", component: LoginPage },
  {
    path: "/",
    component: Shell,
    children: [
      { path: "/", component: Home },
      { path: "/schools", component: SchoolsPage },
      { path: "/canteens", component: CanteensPage },
      { path: "/canteens/:id", component: CanteenPage },
      { path: "/live/org/:orgId", component: SchoolLivePage },
      {
        path: "/live/:canteenId",
        component: LivePage,
        // on the way there (not on mere hover): the token request runs beside the SDK's download
        preload: ({ params, intent }) => {
          if (intent !== "preload" && params.canteenId) prefetchLiveToken(params.canteenId);
        },
      },
      { path: "/alerts", component: AlertsPage },
      { path: "/orgs", component: OrgsPage },
      { path: "/users", component: UsersPage },
      { path: "*", component: NotFound },
    ],
  },
];

export function App() {
  createEffect(() => (document.title = t("app.title")));
  return <Router>{routes}</Router>;
}
