import { useParams } from "@solidjs/router";
import { createResource, Show } from "solid-js";
import { ApiError } from "../../api.ts";
import { verifyOrder } from "../../api/orders.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LangToggle } from "../../components/LangToggle.tsx";
import { formatTime, t } from "../../i18n/index.ts";

/**
 * /verify/order/:id — public, no sign-in (the QR code of a printed order opens it): the server recomputes
 * the order document's hash from the stored rows and says whether it still matches the signed one.
 */
export function VerifyOrderPage() {
  const params = useParams<{ id: string }>();
  const [check] = createResource(
    () => params.id,
    verifyOrder,
  );
  const missing = () => check.error instanceof ApiError && check.error.status === 404;
  return (
    <main class="page verify-page" data-testid="verify-page">
      <div class="page-head">
        <h1>{t("verify.title")}</h1>
        <LangToggle />
      </div>
      <Show when={!missing()} fallback={<p class="error-banner" data-testid="verify-result" data-result="missing">{t("verify.notFound")}</p>}>
        <ErrorBanner error={check.error} />
      </Show>
      <Show when={check.latest}>
        {(v) => (
          <section class="card">
            <p class={v().result === "unchanged" ? "notice" : "error-banner"} data-testid="verify-result" data-result={v().result}>
              {v().result === "unchanged" ? t("verify.unchanged") : t("verify.changed")}
            </p>
            <dl class="facts pairs">
              <dt>{t("order.number")}</dt>
              <dd>{v().number}</dd>
              <dt>{t("order.canteen")}</dt>
              <dd>{v().canteenName}</dd>
              <dt>{t("order.issuedBy")}</dt>
              <dd>{v().issuerOrgName}</dd>
              <dt>{t("order.issuedAt")}</dt>
              <dd>{formatTime(v().issuedAt)}</dd>
              <dt>{t("order.status")}</dt>
              <dd>{t(`order.status.${v().status}`)}</dd>
              <dt>{t("verify.signed")}</dt>
              <dd>
                <code class="hash">{v().signedSha256}</code>
              </dd>
              <dt>{t("verify.computed")}</dt>
              <dd>
                <code class="hash">{v().computedSha256}</code>
              </dd>
            </dl>
          </section>
        )}
      </Show>
    </main>
  );
}
