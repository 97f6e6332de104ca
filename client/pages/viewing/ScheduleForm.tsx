import { createResource, createSignal, For, Show } from "solid-js";
import { getCanteen, listCanteens } from "../../api/canteens.ts";
import { getCommittee, scheduleViewing } from "../../api/viewing.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import { me } from "../../stores/session.ts";

/** datetime-local (China time) → ISO with +08:00 */
const isoOf = (local: string) => (local ? `${local}:00+08:00` : "");

/** The school schedules a session: its canteen, the window, any of its cameras, committee members; the scheduler hosts. */
export function ScheduleForm(props: { onScheduled: () => void }) {
  const orgId = () => me()?.memberships.find((m) => m.orgKind === "school")?.orgId;
  const [canteens] = createResource(orgId, (id) => listCanteens({ orgId: id, limit: 50 }));
  const [canteenId, setCanteenId] = createSignal("");
  const [canteen] = createResource(() => canteenId() || canteens.latest?.items[0]?.id, (id) => getCanteen(id));
  const [committee] = createResource(orgId, getCommittee);
  const [title, setTitle] = createSignal("");
  const [startsAt, setStartsAt] = createSignal("");
  const [endsAt, setEndsAt] = createSignal("");
  const [cameraIds, setCameraIds] = createSignal<string[]>([]);
  const [inviteeIds, setInviteeIds] = createSignal<string[]>([]);
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));
  const action = createAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void action.run(async () => {
      await scheduleViewing({ canteenId: canteen.latest!.id, title: title(), startsAt: isoOf(startsAt()), endsAt: isoOf(endsAt()), cameraIds: cameraIds(), inviteeIds: inviteeIds(), hostId: me()!.id });
      setTitle("");
      props.onScheduled();
    });
  };
  return (
    <details class="card" data-testid="viewing-schedule">
      <summary>{t("viewing.schedule")}</summary>
      <form class="public-form" onSubmit={submit}>
        <Field label={t("viewing.titleField")}>
          <input type="text" maxLength={100} required value={title()} onInput={(e) => setTitle(e.currentTarget.value)} data-testid="viewing-title" />
        </Field>
        <Show when={(canteens.latest?.items.length ?? 0) > 1}>
          <Field label={t("viewing.canteen")}>
            <select value={canteenId()} onChange={(e) => setCanteenId(e.currentTarget.value)}>
              <For each={canteens.latest?.items ?? []}>{(c) => <option value={c.id}>{c.name}</option>}</For>
            </select>
          </Field>
        </Show>
        <Field label={t("viewing.startsAt")}>
          <input type="datetime-local" required value={startsAt()} onInput={(e) => setStartsAt(e.currentTarget.value)} data-testid="viewing-starts" />
        </Field>
        <Field label={t("viewing.endsAt")}>
          <input type="datetime-local" required value={endsAt()} onInput={(e) => setEndsAt(e.currentTarget.value)} data-testid="viewing-ends" />
        </Field>
        <fieldset>
          <legend>{t("viewing.cameras")}</legend>
          <For each={canteen.latest?.cameras ?? []}>
            {(c) => (
              <label class="check">
                <input type="checkbox" checked={cameraIds().includes(c.id)} onChange={(e) => setCameraIds(toggle(cameraIds(), c.id, e.currentTarget.checked))} data-testid="viewing-camera" data-name={c.name} />
                {c.name}
                <Show when={!c.publicVisible}><span class="muted small">（{t("viewing.nonPublic")}）</span></Show>
              </label>
            )}
          </For>
        </fieldset>
        <fieldset>
          <legend>{t("viewing.invitees")}</legend>
          <For each={committee.latest?.members ?? []} fallback={<p class="muted small">{t("committee.empty")}</p>}>
            {(m) => (
              <label class="check">
                <input type="checkbox" checked={inviteeIds().includes(m.userId)} onChange={(e) => setInviteeIds(toggle(inviteeIds(), m.userId, e.currentTarget.checked))} data-testid="viewing-invitee" data-username={m.username} />
                {m.displayName} <span class="muted small">{m.grade}</span>
              </label>
            )}
          </For>
        </fieldset>
        <ErrorBanner error={action.error()} />
        <button type="submit" class="button-primary" disabled={action.busy() || !cameraIds().length || !inviteeIds().length} data-testid="viewing-submit">
          {t("viewing.submit")}
        </button>
      </form>
    </details>
  );
}
