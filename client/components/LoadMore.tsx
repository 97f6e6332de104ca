import { Show } from "solid-js";
import { t } from "../i18n/index.ts";

/** The "load more" button under a cursor-paged list; hidden when there is no next page. */
export function LoadMore(props: { cursor: string | null; loading: boolean; onLoad: () => void }) {
  return (
    <Show when={props.cursor}>
      <div class="load-more">
        <button type="button" data-testid="load-more" disabled={props.loading} onClick={() => props.onLoad()}>
          {props.loading ? t("common.loading") : t("common.loadMore")}
        </button>
      </div>
    </Show>
  );
}
