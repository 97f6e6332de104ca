import { createResource, Show } from "solid-js";
import { listNotices } from "../../api/dispatch.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import { NoticeComposer } from "./NoticeComposer.tsx";
import { NoticeList } from "./NoticeList.tsx";

/**
 * /notices — 应急指挥调度. A regulator or education bureau with notices.send composes a notice to a region and follows
 * the read counts of those sent in its region; an inspector follows them; a school reads the notices sent to it.
 */
export function NoticesPage() {
  const sender = () => can("notices.send") || !can("notices.ack");
  const [page, { refetch }] = createResource(() => listNotices({ limit: 50 }));
  return (
    <section class="page notices-page" data-testid="notices-page">
      <div class="page-head">
        <h1>{sender() ? t("dispatch.title") : t("dispatch.schoolTitle")}</h1>
      </div>
      <div class="notices-layout">
        <Show when={can("notices.send")}>
          <NoticeComposer onSent={() => void refetch()} />
        </Show>
        <section>
          <h2>{sender() ? t("dispatch.list") : t("dispatch.inbox")}</h2>
          <ErrorBanner error={page.error} />
          <Show when={!page.error && !page.latest}>
            <p class="muted" data-testid="notices-loading">{t("dispatch.loading")}</p>
          </Show>
          <Show when={page.latest}>{(p) => <NoticeList items={p().items} sender={sender()} />}</Show>
        </section>
      </div>
    </section>
  );
}
