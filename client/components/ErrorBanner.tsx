import { For, Show } from "solid-js";
import { ApiError, errorText } from "../api.ts";

/** Shows a failed call's message (the server's, already in the UI language) and any field details. */
export function ErrorBanner(props: { error: unknown }) {
  const details = () => (props.error instanceof ApiError ? props.error.details : []);
  return (
    <Show when={props.error}>
      <div class="error-banner" role="alert" data-testid="error-banner">
        <p>{errorText(props.error)}</p>
        <Show when={details().length > 0}>
          <ul>
            <For each={details()}>{(d) => <li>{d.path}: {d.message}</li>}</For>
          </ul>
        </Show>
      </div>
    </Show>
  );
}
