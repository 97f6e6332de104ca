import { A, useParams } from "@solidjs/router";
import { t } from "../../i18n/index.ts";
import { CanteenView } from "./CanteenView.tsx";

/** /canteens/:id */
export function CanteenPage() {
  const params = useParams<{ id: string }>();
  return (
    <section class="page" data-testid="canteen-page">
      <p class="breadcrumb">
        <A href="/canteens">← {t("canteens.back")}</A>
      </p>
      <CanteenView id={params.id} />
    </section>
  );
}
