import { A } from "@solidjs/router";
import { t } from "../i18n/index.ts";

export function NotFound() {
  return (
    <section class="page">
      <h1>{t("notFound.title")}</h1>
      <p>
        <A href="/">{t("notFound.home")}</A>
      </p>
    </section>
  );
}
