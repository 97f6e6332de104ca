import "./zod-config.ts";
import { render } from "solid-js/web";
import { App } from "./App.tsx";
import { lang } from "./i18n/index.ts";
import "./styles.css";
import "./states.css";

document.documentElement.lang = lang();
render(() => <App />, document.getElementById("app")!);

// the app shell's service worker (client/sw/app-shell.js): a reload without a network still opens the ledger form.
// Built clients only (no import.meta.hot): the dev server has none (import.meta.env.PROD follows NODE_ENV, which a test runner sets)
if (!import.meta.hot && "serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
}
