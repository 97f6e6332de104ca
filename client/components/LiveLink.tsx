import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { t } from "../i18n/index.ts";
import { can } from "../stores/session.ts";

/** "实时查看" (quiet: a plain link, for a school with no camera online — nothing live to see there): to a canteen's live page (/live/<canteen>) or a school's (/live/org/<school>), for those who may join. */
export function LiveLink(props: { href: string; label?: string; quiet?: boolean }) {
  return (
    <Show when={can("live.join")}>
      <A class="live-link" classList={{ "live-link-quiet": props.quiet }} href={props.href} data-testid="live-link" data-quiet={props.quiet ? "true" : undefined} aria-label={props.label}>
        {t("live.open")}
      </A>
    </Show>
  );
}
