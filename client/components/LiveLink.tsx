import { A } from "@solidjs/router";
import { onMount, Show } from "solid-js";
import { t } from "../i18n/index.ts";
import { prefetchLiveToken } from "../live/tokenPrefetch.ts";
import { importLivePage, warmWebRtc } from "../pages/live/preload.ts";
import { can } from "../stores/session.ts";

/** A hover or focus on the link is a click about to come: fetch the page's code and the room token now. */
function warmUp(href: string) {
  void importLivePage().catch(() => undefined);
  warmWebRtc();
  const canteen = /^\/live\/(?!org\/)([^/?#]+)/.exec(href)?.[1];
  if (canteen) prefetchLiveToken(canteen);
}

/**
 * "实时查看" (quiet: a plain link, for a school with no camera online — nothing live to see there): to a canteen's
 * live page (/live/<canteen>) or a school's (/live/org/<school>), for those who may join. `eager`: the one link of
 * a page whose purpose is that canteen (its own page) warms up as soon as it is shown, not only on hover — a phone
 * has no hover, and a token costs the server one signature (never in lists: one request per row).
 */
export function LiveLink(props: { href: string; label?: string; quiet?: boolean; eager?: boolean }) {
  onMount(() => props.eager && can("live.join") && warmUp(props.href));
  return (
    <Show when={can("live.join")}>
      <A class="live-link" classList={{ "live-link-quiet": props.quiet }} href={props.href} data-testid="live-link" data-quiet={props.quiet ? "true" : undefined} aria-label={props.label} onPointerEnter={() => warmUp(props.href)} onFocus={() => warmUp(props.href)}>
        {t("live.open")}
      </A>
    </Show>
  );
}
