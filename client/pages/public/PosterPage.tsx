import { useParams } from "@solidjs/router";
import QRCode from "qrcode";
import { createResource, Show } from "solid-js";
import { getPublicCanteen } from "../../api/complaints.ts";
import { isMissing, settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import "./public.css";

/**
 * /p/:slug/poster — the QR code for the canteen's door: print it, or save it as PDF from the browser's print
 * dialog (the print stylesheet hides the button). The code opens /p/:slug.
 */
export function PosterPage() {
  const params = useParams<{ slug: string }>();
  const [page] = createResource(() => params.slug, getPublicCanteen);
  const pageUrl = () => new URL(`/p/${encodeURIComponent(params.slug)}`, location.origin).href;
  const [qr] = createResource(
    () => settled(page) && pageUrl(),
    (url) => QRCode.toDataURL(url, { errorCorrectionLevel: "M", margin: 1, width: 480 }),
  );
  return (
    <main class="print-page" data-testid="public-poster">
      <Show when={!isMissing(page.error)} fallback={<p class="error-banner">{t("public.notFoundTitle")}</p>}>
        <ErrorBanner error={page.error} />
      </Show>
      <Show when={settled(page)}>
        {(p) => (
          <article class="poster">
            <p class="no-print">
              <button type="button" class="button-primary" onClick={() => window.print()}>
                {t("poster.print")}
              </button>
            </p>
            <p>{p().school.name}</p>
            <h1>{p().canteen.name}</h1>
            <h2>{t("poster.title")}</h2>
            <Show when={qr()}>{(src) => <img src={src()} alt={pageUrl()} data-testid="poster-qr" data-url={pageUrl()} />}</Show>
            <p class="small">{t("poster.hint")}</p>
            <p class="small">{t("public.hotlines")}{t("common.colon")}12315 · 12331</p>
          </article>
        )}
      </Show>
    </main>
  );
}
