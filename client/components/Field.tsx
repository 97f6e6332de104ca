import { type JSX, Show } from "solid-js";

/** A form control with its label above and an optional hint below. */
export function Field(props: { label: string; hint?: string; children: JSX.Element }) {
  return (
    <label class="field">
      <span class="field-label">{props.label}</span>
      {props.children}
      <Show when={props.hint}>
        <small class="field-hint">{props.hint}</small>
      </Show>
    </label>
  );
}
