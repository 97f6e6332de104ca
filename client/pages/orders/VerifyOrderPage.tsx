import { useParams } from "@solidjs/router";
import { createResource, Show } from "solid-js";
import { verifyOrder } from "../../api/orders.ts";
import { isMissing, settled } from "../../components/DeadEnd.tsx";
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
  // an id the server does not know, or one that cannot be an id at all: what a forged QR code leads to
  const missing = () => isMissing(check.error);
  return (
    <main class="page verify-page" data-testid="verify-page">
      <div class="page-head">
        <h1>{t("verify.title")}</h1>
        <LangToggle />
      </div>
      <Show
        when={!missing()}
        fallback={
          <section class="card dead-end" data-testid="verify-result" data-result="missing">
            <p class="error-banner">
              <strong>{t("verify.notFound")}</strong>
            </p>
            <p>{t("verify.notFoundText")}</p>
          </section>
        }
      >
        <ErrorBanner error={check.error} />
      </Show>
      <Show when={!check.error && !check.latest}>
        <p class="muted">{t("common.loading")}</p>
      </Show>
      <Show when={settled(check)}>
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
