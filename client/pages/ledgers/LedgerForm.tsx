import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { ApiError } from "../../api.ts";
import { listViewing } from "../../api/viewing.ts";
import { type ChecklistItemView, correctLedgerEntry, type LedgerEntryView, type NewLedgerEntry, type StaffView } from "../../api/ledgers.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { newIdempotencyKey, submitLedgerEntry } from "../../stores/ledgerOutbox.ts";
import { type LedgerKind, LEDGER_KINDS } from "../../../server/ledgers/kinds.ts";
import { dataOf, fieldLabel, fieldsOf, type FieldSpec, itemLabel, optionLabel } from "./fields.ts";

const MAX_PHOTO_BYTES = 4 * 1024 * 1024;

/** a time as a datetime-local value in the browser's time (now by default) */
function localNow(iso?: string) {
  const d = iso ? new Date(iso) : new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

const toBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

/** An entry's fields as the form's values (times in the browser's time). */
function valuesOf(kind: LedgerKind, data: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(kind)) if (data[f.name] !== undefined) out[f.name] = f.input === "datetime" ? localNow(String(data[f.name])) : data[f.name];
  return out;
}

/**
 * One phone form for any kind: its fields from the registry, the time of the event, photos from the camera.
 * With `correcting`, the form starts from that entry and asks for a reason: the correction is a new version.
 * A 自查 kind ticks the items of the checklist in effect for the canteen (`checklist`, adapted by its region).
 */
export function LedgerForm(props: { kind: LedgerKind; canteenId: string; staff: StaffView[]; checklist?: ChecklistItemView[]; correcting?: LedgerEntryView; onDone?: () => void }) {
  const fields = () => fieldsOf(props.kind);
  const optionsOf = (f: FieldSpec) => (f.name === "passed" && props.checklist ? props.checklist.map((i) => i.key) : f.options);
  const labelOf = (f: FieldSpec, o: string) => {
    const item = f.name === "passed" ? props.checklist?.find((i) => i.key === o) : undefined;
    return item ? itemLabel(item) : optionLabel(o);
  };
  // ticks of items no longer on the checklist (a correction of an older entry) are not sent: the server would refuse them
  const onList = (data: Record<string, unknown>) =>
    props.checklist && Array.isArray(data.passed) ? { ...data, passed: (data.passed as string[]).filter((k) => props.checklist!.some((i) => i.key === k)) } : data;
  const photos = () => LEDGER_KINDS[props.kind].photos;
  const [values, setValues] = createSignal<Record<string, unknown>>(props.correcting ? valuesOf(props.kind, props.correcting.data) : {});
  const [eventAt, setEventAt] = createSignal(localNow(props.correcting?.eventAt));
  const [reason, setReason] = createSignal("");
  const [files, setFiles] = createSignal<File[]>([]);
  let fileInput: HTMLInputElement | undefined;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [notice, setNotice] = createSignal("");
  const set = (name: string, v: unknown) => setValues((old) => ({ ...old, [name]: v }));
  // 家长监督 names the viewing session it was part of: the canteen's recent sessions, loaded only for that kind
  const [sessions] = createResource(() => (fields().some((f) => f.input === "session") ? props.canteenId : false), (canteenId) => listViewing({ canteenId, limit: 20 }));
  const toggle = (name: string, option: string, on: boolean) => {
    const list = (values()[name] as string[] | undefined) ?? [];
    set(name, on ? [...list, option] : list.filter((x) => x !== option));
  };

  async function submit(e: Event) {
    e.preventDefault();
    setError(undefined);
    setNotice("");
    if (files().some((f) => f.size > MAX_PHOTO_BYTES)) return setError(new ApiError(413, "payload_too_large", t("ledger.photoTooLarge")));
    setBusy(true);
    try {
      const entry = {
        kind: props.kind,
        canteenId: props.canteenId,
        idempotencyKey: newIdempotencyKey(),
        eventAt: new Date(eventAt()).toISOString(),
        data: onList(dataOf(fields(), values())),
        photos: await Promise.all(files().map(toBase64)),
      } as NewLedgerEntry;
      if (props.correcting) {
        await correctLedgerEntry(props.correcting.id, { idempotencyKey: entry.idempotencyKey, reason: reason(), eventAt: entry.eventAt, data: entry.data, photos: entry.photos });
        props.onDone?.();
        return;
      }
      const outcome = await submitLedgerEntry(entry);
      setNotice(outcome === "sent" ? t("ledger.sent") : t("ledger.queued"));
      setValues({});
      setFiles([]);
      if (fileInput) fileInput.value = "";
      setEventAt(localNow());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const input = (f: FieldSpec) => (
    <Switch fallback={<input name={f.name} value={String(values()[f.name] ?? "")} onInput={(e) => set(f.name, e.currentTarget.value)} required={f.required} />}>
      <Match when={f.input === "staff"}>
        <select name={f.name} required value={String(values()[f.name] ?? "")} onChange={(e) => set(f.name, e.currentTarget.value)}>
          <option value="">{t("ledger.pickStaff")}</option>
          <For each={props.staff.filter((s) => s.active)}>{(s) => <option value={s.id}>{s.name} · {s.position}</option>}</For>
        </select>
      </Match>
      <Match when={f.input === "session"}>
        <select name={f.name} value={String(values()[f.name] ?? "")} onChange={(e) => set(f.name, e.currentTarget.value)}>
          <option value="">{t("ledger.noSession")}</option>
          <For each={sessions()?.items ?? []}>{(v) => <option value={v.id}>{v.title} · {new Date(v.startsAt).toLocaleDateString()}</option>}</For>
        </select>
      </Match>
      <Match when={f.input === "number"}>
        <input name={f.name} type="number" inputmode="decimal" step="any" min={f.min} max={f.max} required={f.required} value={String(values()[f.name] ?? "")} onInput={(e) => set(f.name, e.currentTarget.value)} />
      </Match>
      <Match when={f.input === "boolean"}>
        <span class="ledger-choices">
          <For each={[true, false]}>
            {(v) => (
              <button type="button" name={f.name} data-value={String(v)} classList={{ chosen: values()[f.name] === v }} aria-pressed={values()[f.name] === v} onClick={() => set(f.name, v)}>
                {v ? t("ledger.yes") : t("ledger.no")}
              </button>
            )}
          </For>
        </span>
      </Match>
      <Match when={f.input === "multi"}>
        <span class="ledger-choices">
          <For each={optionsOf(f)}>
            {(o) => (
              <label class="check ledger-check">
                <input type="checkbox" name={f.name} value={o} checked={((values()[f.name] as string[] | undefined) ?? []).includes(o)} onChange={(e) => toggle(f.name, o, e.currentTarget.checked)} />
                {labelOf(f, o)}
              </label>
            )}
          </For>
        </span>
      </Match>
      <Match when={f.input === "choice"}>
        <select name={f.name} required={f.required} value={String(values()[f.name] ?? "")} onChange={(e) => set(f.name, e.currentTarget.value)}>
          <option value="">{t("ledger.pick")}</option>
          <For each={f.options}>{(o) => <option value={o}>{optionLabel(o)}</option>}</For>
        </select>
      </Match>
      <Match when={f.input === "datetime"}>
        <input name={f.name} type="datetime-local" required={f.required} value={String(values()[f.name] ?? "")} onInput={(e) => set(f.name, e.currentTarget.value)} />
      </Match>
      <Match when={f.input === "date"}>
        <input name={f.name} type="date" required={f.required} value={String(values()[f.name] ?? "")} onInput={(e) => set(f.name, e.currentTarget.value)} />
      </Match>
      <Match when={f.input === "paragraph"}>
        <textarea name={f.name} rows={3} required={f.required} value={String(values()[f.name] ?? "")} onInput={(e) => set(f.name, e.currentTarget.value)} />
      </Match>
    </Switch>
  );

  return (
    <form class="form card ledger-form" data-testid={props.correcting ? "ledger-correction" : "ledger-form"} data-kind={props.kind} onSubmit={submit}>
      <Show when={props.correcting}>
        <p class="section-title">{t("ledger.correcting")}</p>
      </Show>
      <For each={fields()}>
        {(f) => (
          <div class="field" data-field={f.name}>
            <span class="field-label">{fieldLabel(f.name)}</span>
            {input(f)}
          </div>
        )}
      </For>
      <label class="field">
        <span class="field-label">{t("ledger.eventAt")}</span>
        <input name="eventAt" type="datetime-local" required value={eventAt()} onInput={(e) => setEventAt(e.currentTarget.value)} />
      </label>
      <Show when={photos().max > 0}>
        <div class="field">
          <span class="field-label">{t("ledger.photos")}</span>
          {/* the camera on a phone; a styled label, so the button speaks the UI's language and is large enough to tap */}
          <label class="ledger-photo-button">
            <input ref={fileInput} class="visually-hidden" name="photos" type="file" accept="image/jpeg,image/png" capture="environment" multiple onChange={(e) => setFiles([...(e.currentTarget.files ?? [])].slice(0, photos().max))} />
            {t("ledger.addPhoto")}
          </label>
          <small class="field-hint" data-testid="ledger-photo-count">{t("ledger.photoCount", { n: files().length })}</small>
        </div>
      </Show>
      <Show when={props.correcting}>
        <label class="field">
          <span class="field-label">{t("ledger.reason")}</span>
          <textarea name="reason" rows={2} required value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
      </Show>
      <ErrorBanner error={error()} />
      <Show when={notice()}>
        <p class="notice" role="status" data-testid="ledger-notice">{notice()}</p>
      </Show>
      <div class="actions">
        <button type="submit" class="button-primary ledger-submit" data-testid="ledger-submit" disabled={busy()}>
          {busy() ? t("ledger.submitting") : t("ledger.submit")}
        </button>
        <Show when={props.correcting}>
          <button type="button" class="ledger-submit" onClick={() => props.onDone?.()}>{t("ledger.cancel")}</button>
        </Show>
      </div>
    </form>
  );
}
