import "./zod-config.ts";
import { render } from "solid-js/web";
import { App } from "./App.tsx";
import { lang } from "./i18n/index.ts";
import "./styles.css";
import "./states.css";

document.documentElement.lang = lang();
render(() => <App />, document.getElementById("app")!);
