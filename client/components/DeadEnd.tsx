import { A } from "@solidjs/router";
import { type Component, type JSX, Show } from "solid-js";
import { ApiError } from "../api.ts";
import { type MessageKey, t } from "../i18n/index.ts";
import { can, me } from "../stores/session.ts";
import type { Permission } from "../types.ts";

/**
 * The pages a user ends up on instead of a blank one or a form that only fails: nothing there (an unknown id,
 * or one outside the caller's jurisdiction — the API answers both with 404), or no permission to see it.
 */
export function DeadEnd(props: { kind: "not-found" | "forbidden"; title: MessageKey; message?: MessageKey; children?: JSX.Element }) {
  return (
    <section class="page dead-end" data-testid="dead-end" data-kind={props.kind}>
      <h1>{t(props.title)}</h1>
      <Show when={props.message}>{(key) => <p class="dead-end-text">{t(key())}</p>}</Show>
      {props.children}
      <p>
        <A href="/" class="button">
          {t("notFound.home")}
        </A>
      </p>
    </section>
  );
}

/** An id the API does not know (404), or one that cannot be an id at all (the path parameter refused: 400). */
export const isMissing = (error: unknown) => error instanceof ApiError && (error.status === 404 || (error.status === 400 && error.code === "validation_failed"));

/** A resource's value without rethrowing its error (Solid's `latest` throws it, which blanks the page). */
export const settled = <T,>(resource: { (): T | undefined; error: unknown; latest: T | undefined }): T | undefined => (resource.error ? undefined : resource.latest);

/** The route's page for those whose session grants `permission`; a plain "no permission" page for the others. */
export function requirePermission(permission: Permission, Page: Component): Component {
  return () => (
    <Show when={!me() || can(permission)} fallback={<DeadEnd kind="forbidden" title="deadEnd.forbidden.title" message="deadEnd.forbidden.text" />}>
      <Page />
    </Show>
  );
}
