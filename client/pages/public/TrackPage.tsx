import { useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, Show } from "solid-js";
import { trackComplaint } from "../../api/complaints.ts";
import { isMissing, settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LangToggle } from "../../components/LangToggle.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import "./public.css";

/** The tracking-code box of the public page: opens /t/:code. */
export function TrackBox() {
  const [code, setCode] = createSignal("");
  const navigate = useNavigate();
  return (
    <section class="card">
      <h2>{t("complaint.track")}</h2>
      <form
        class="public-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (code().trim()) navigate(`/t/${encodeURIComponent(code().trim().toUpperCase())}`);
        }}
      >
        <input type="text" maxLength={10} placeholder={t("complaint.trackPlaceholder")} value={code()} onInput={(e) => setCode(e.currentTarget.value)} data-testid="track-input" />
        <button type="submit" data-testid="track-go">{t("complaint.trackGo")}</button>
      </form>
    </section>
  );
}

/** /t/:code — public: a complaint's status and, once given, the school's answer (no phone, no photo). */
export function TrackPage() {
  const params = useParams<{ code: string }>();
  const [tracked] = createResource(() => params.code, trackComplaint);
  return (
    <main class="public-page" data-testid="track-page">
      <div class="page-head">
        <h1>{t("complaint.track")}</h1>
        <span class="push">
          <LangToggle />
        </span>
      </div>
      <Show when={!isMissing(tracked.error)} fallback={<p class="error-banner" data-testid="track-missing">{t("complaint.notFound")}</p>}>
        <ErrorBanner error={tracked.error} />
      </Show>
      <Show when={!tracked.error && !tracked.latest}>
        <p class="muted">{t("common.loading")}</p>
      </Show>
      <Show when={settled(tracked)}>
        {(c) => (
          <section class="card" data-testid="track-result" data-status={c().status}>
            <p>
              <span class={`badge badge-complaint-${c().status}`} data-testid="track-status">{t(`complaint.status.${c().status}`)}</span>{" "}
              <span class="muted small">{c().schoolName} · {c().canteenName}</span>
            </p>
            <dl class="facts pairs">
              <dt>{t("complaint.code")}</dt>
              <dd>{c().code}</dd>
              <dt>{t("complaint.category")}</dt>
              <dd>{t(`complaint.category.${c().category}`)}</dd>
              <dt>{t("complaint.filedAt")}</dt>
              <dd>{formatTime(c().createdAt)}</dd>
              <dt>{t("complaint.deadlineAt")}</dt>
              <dd>{formatTime(c().deadlineAt)}</dd>
              <dt>{t("complaint.text")}</dt>
              <dd class="user-text" data-testid="track-text">{c().text}</dd>
              <dt>{t("complaint.answer")}</dt>
              <dd class="user-text" data-testid="track-answer">
                {c().answer ?? t("complaint.noAnswer")}
                <Show when={c().answeredAt}>{(at) => <span class="muted small"> · {formatTime(at())}</span>}</Show>
              </dd>
            </dl>
            <Show when={c().order}>
              {(o) => (
                <p data-testid="track-order">
                  <strong>{t("complaint.trackOrder")}</strong>
                  <br />
                  {o().number} · {t(`order.status.${o().status}`)} · {t("complaint.orderDeadline")}{t("common.colon")}{formatTime(o().deadline)}
                </p>
              )}
            </Show>
          </section>
        )}
      </Show>
    </main>
  );
}
