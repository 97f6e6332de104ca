import { For, Show } from "solid-js";
import { participantRoleLabel, t } from "../i18n/index.ts";
import type { LiveController } from "./types.ts";

/** Who is in the room: name, role, organisation, and whether they are talking. */
export function ParticipantList(props: { live: LiveController }) {
  const people = () => props.live.participants();
  return (
    <section class="card live-people" data-testid="participant-list">
      <h3>{t("live.participants", { n: people().length })}</h3>
      <Show when={people().length <= 1}>
        <p class="muted small">{t("live.nobody")}</p>
      </Show>
      <ul class="people">
        <For each={people()}>
          {(p) => (
            <li class="person" classList={{ speaking: p.speaking }} data-testid="participant" data-identity={p.identity} data-role={p.role} data-speaking={p.speaking ? "true" : "false"}>
              <span class="person-name">
                {p.name}
                <Show when={p.isLocal}>
                  <span class="muted">{t("live.youTag")}</span>
                </Show>
              </span>
              <Show when={participantRoleLabel(p.role)}>
                {(label) => (
                  <span class="tag" data-testid="participant-role">
                    {label()}
                  </span>
                )}
              </Show>
              <Show when={p.role !== "gateway"}>
                <span class="person-mic" classList={{ on: p.micOn }} data-testid="participant-mic" data-mic={p.micOn ? "on" : "off"}>
                  {p.speaking ? t("live.speaking") : p.micOn ? t("live.talkingNow") : t("live.muted")}
                </span>
              </Show>
              <Show when={p.orgName}>
                <small class="person-org muted">{p.orgName}</small>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
