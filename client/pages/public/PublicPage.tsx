import { A, useParams } from "@solidjs/router";
import { createResource, Show } from "solid-js";
import { getPublicCanteen } from "../../api/complaints.ts";
import { isMissing, settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LangToggle } from "../../components/LangToggle.tsx";
import { t } from "../../i18n/index.ts";
import { ComplaintForm } from "./ComplaintForm.tsx";
import { Hotlines, PublicFacts } from "./PublicFacts.tsx";
import { RatingForm } from "./RatingForm.tsx";
import { TrackBox } from "./TrackPage.tsx";
import "./public.css";

/**
 * /p/:slug — the canteen's public page, opened by the QR code on its door: no sign-in, phone first. The facts the
 * school must disclose (seed 000 第十二条), the hotlines, a rating, 一键投诉 with a tracking code.
 */
export function PublicPage() {
  const params = useParams<{ slug: string }>();
  const [page, { refetch }] = createResource(() => params.slug, getPublicCanteen);
  return (
    <main class="public-page" data-testid="public-page">
      <div class="page-head">
        <span class="muted small">{t("public.subtitle")}</span>
        <span class="push">
          <LangToggle />
        </span>
      </div>
      <Show when={!isMissing(page.error)} fallback={<PublicNotFound />}>
        <ErrorBanner error={page.error} />
      </Show>
      <Show when={!page.error && !page.latest}>
        <p class="muted">{t("common.loading")}</p>
      </Show>
      <Show when={settled(page)}>
        {(p) => (
          <>
            <header class="public-head">
              <h1 data-testid="public-canteen">{p().canteen.name}</h1>
              <p>{p().school.name}</p>
            </header>
            <PublicFacts page={p()} />
            <section class="card" data-testid="public-feedback">
              <h2>{t("public.feedback")}</h2>
              <p class="muted small" data-testid="public-rating-summary">
                {p().feedback.ratings ? t("public.ratingSummary", { n: p().feedback.ratings, avg: p().feedback.averageStars ?? "" }) : t("public.ratingNone")}
                {t("common.clauseSeparator")}
                {t("public.complaintSummary", { n: p().feedback.complaints, answered: p().feedback.answered })}
              </p>
              <RatingForm slug={params.slug} onRated={() => void refetch()} />
            </section>
            <ComplaintForm slug={params.slug} />
            <TrackBox />
            <Hotlines numbers={p().hotlines} />
            <p class="small">
              <A href={`/p/${encodeURIComponent(params.slug)}/poster`} data-testid="public-poster-link">
                {t("public.poster")}
              </A>
            </p>
          </>
        )}
      </Show>
    </main>
  );
}

/** An unknown slug (a stale or mistyped QR code): say so, and still give the hotlines. */
function PublicNotFound() {
  return (
    <section class="card dead-end" data-testid="public-not-found">
      <h1>{t("public.notFoundTitle")}</h1>
      <p class="dead-end-text">{t("public.notFoundText")}</p>
      <Hotlines numbers={["12315", "12331"]} />
    </section>
  );
}
