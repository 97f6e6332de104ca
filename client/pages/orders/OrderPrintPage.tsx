import { useParams } from "@solidjs/router";
import QRCode from "qrcode";
import { createResource, For, Show } from "solid-js";
import { getOrder } from "../../api/orders.ts";
import { DeadEnd, isMissing, settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { AnnotatedSnapshot } from "../../live/annotations/AnnotatedSnapshot.tsx";
import type { Order } from "../../types.ts";
import { legalBasisText } from "./legalBasis.ts";

/**
 * /orders/:id/print — the 整改通知书 as a document: print it, or save it as PDF with the browser's print
 * dialog (the print stylesheet hides the app around it). The QR code opens the public verification page,
 * which recomputes the document hash.
 */
export function OrderPrintPage() {
  const params = useParams<{ id: string }>();
  const [order] = createResource(
    () => params.id,
    getOrder,
  );
  const verifyUrl = (o: Order) => new URL(o.verifyPath || `/verify/order/${encodeURIComponent(o.id)}`, location.origin).href;
  const [qr] = createResource(
    () => settled(order),
    (o) => QRCode.toDataURL(verifyUrl(o), { errorCorrectionLevel: "M", margin: 1, width: 160 }),
  );
  return (
    <section class="page print-page" data-testid="order-print">
      <Show when={!isMissing(order.error)} fallback={<DeadEnd kind="not-found" title="deadEnd.order.title" message="deadEnd.order.text" />}>
        <ErrorBanner error={order.error} />
      </Show>
      <Show when={settled(order)}>
        {(o) => (
          <article class="print-doc">
            <p class="no-print">
              <button type="button" class="button-primary" onClick={() => window.print()}>
                {t("order.printNow")}
              </button>
            </p>
            <h1 class="print-title">{o().issuedBy.orgName}</h1>
            <h2 class="print-subtitle">{t("order.title")}</h2>
            <p class="print-number" data-testid="print-number">
              {o().number}
            </p>
            <p>
              <strong>{t("order.addressee", { school: o().schoolName, canteen: o().canteenName })}</strong>
            </p>
            <ol class="print-items">
              <For each={o().items}>
                {(item) => (
                  <li>
                    <p>{item.problem}</p>
                    <p class="small">
                      {[
                        `${t("order.legalBasis")}${t("common.colon")}${legalBasisText(item.legalBasis)}`,
                        `${t("order.severity")}${t("common.colon")}${t(`order.severity.${item.severity}`)}`,
                        `${t("order.deadline")}${t("common.colon")}${formatTime(item.deadline)}`,
                      ].join(t("common.clauseSeparator"))}
                    </p>
                    <div class="order-snapshots">
                      <For each={item.snapshots}>{(s) => <AnnotatedSnapshot snapshotId={s.id} imageUrl={s.imageUrl} alt={item.problem} />}</For>
                    </div>
                  </li>
                )}
              </For>
            </ol>
            <p>{t("order.requirement")}</p>
            <p>
              {t("order.deadline")}{t("common.colon")}{formatTime(o().deadline)}
            </p>
            <footer class="print-footer">
              <div>
                <p>{t("order.signedBy", { name: o().signature.signer.displayName, time: formatTime(o().signature.signedAt) })}</p>
                <p class="small">
                  {t("order.docHash")}{t("common.colon")}<code class="hash" data-testid="print-hash">{o().signature.documentSha256}</code>
                </p>
              </div>
              <Show when={qr()}>
                {(src) => (
                  <figure class="print-qr">
                    <img src={src()} alt={verifyUrl(o())} data-testid="print-qr" data-url={verifyUrl(o())} width={160} height={160} />
                    <figcaption class="small">{t("order.scanToVerify")}</figcaption>
                  </figure>
                )}
              </Show>
            </footer>
          </article>
        )}
      </Show>
    </section>
  );
}
