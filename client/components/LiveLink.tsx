import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { t } from "../i18n/index.ts";
import { can } from "../stores/session.ts";

/** "实时查看": to a canteen's live page (/live/<canteen>) or a school's (/live/org/<school>), for those who may join. */
export function LiveLink(props: { href: string; label?: string }) {
  return (
    <Show when={can("live.join")}>
      <A class="live-link" href={props.href} data-testid="live-link" aria-label={props.label}>
        {t("live.open")}
      </A>
    </Show>
  );
}
