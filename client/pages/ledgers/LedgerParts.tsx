import { createSignal, For, Show } from "solid-js";
import { type CompletenessView, getLedgerEntry, type LedgerEntryView, type StaffView } from "../../api/ledgers.ts";
import { formatTime, type MessageKey, t } from "../../i18n/index.ts";
import { fieldLabel, optionLabel, valueLabel } from "./fields.ts";
import type { ChecklistItemView } from "../../api/ledgers.ts";
import { LedgerForm } from "./LedgerForm.tsx";

/** The parts of the ledgers page: today's to-do, a list of entries, the staff and their certificates. */

export function TodoCard(props: { completeness: CompletenessView; staff: StaffView[] }) {
  const due = () => props.completeness.kinds.filter((k) => k.due > 0);
  const label = (missing: string) => {
    const subject = missing.split("|")[1] ?? "";
    // a person is already named by the server; a meal is a value to translate
    return props.staff.some((s) => s.name === subject) ? subject : subject ? optionLabel(subject) : "";
  };
  return (
    <div class="card ledger-todo" data-testid="ledger-todo" data-rate={props.completeness.rate}>
      <h2 class="section-title">
        {t("ledger.today")} · {t("ledger.progress", { done: props.completeness.done, due: props.completeness.due })}
      </h2>
      <Show when={props.completeness.rate < 1} fallback={<p class="notice">{t("ledger.todayDone")}</p>}>
        <ul class="ledger-todo-list">
          <For each={due()}>
            {(k) => (
              <li data-kind={k.kind} classList={{ done: k.done >= k.due }}>
                <strong>{t(`ledger.kind.${k.kind}` as MessageKey)}</strong> {k.done}/{k.due}
                <Show when={k.missing.some((m) => !m.endsWith("|"))}>
                  <span class="muted small"> · {t("ledger.missingOf", { items: k.missing.map(label).filter(Boolean).join("、") })}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.completeness.attention.length > 0}>
        <p class="ledger-certs" data-testid="ledger-attention">
          {t("ledger.flagged")}：{props.completeness.attention.map((a) => t(`ledger.kind.${a.kind}` as MessageKey)).join("、")}
        </p>
      </Show>
      <Show when={props.completeness.certificates.length > 0}>
        <ul class="ledger-certs">
          <For each={props.completeness.certificates}>
            {(c) => (
              <li data-testid="ledger-cert-warning" data-status={c.status}>
                {c.name} · {t(`ledger.cert.${c.status}` as MessageKey)} · {t("ledger.certExpires", { date: c.expiresOn })}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}

/** Today's entries; one being corrected shows the form under it, an entry corrected shows its reason and may show its earlier versions. */
export function EntryList(props: { entries: LedgerEntryView[]; staff: StaffView[]; canCorrect: boolean; onCorrected: () => void; checklist?: ChecklistItemView[] }) {
  const staffName = (id: string) => props.staff.find((s) => s.id === id)?.name ?? id;
  const [correcting, setCorrecting] = createSignal<string | null>(null);
  const [history, setHistory] = createSignal<Record<string, LedgerEntryView[]>>({});
  const showHistory = async (id: string) => {
    const detail = await getLedgerEntry(id);
    setHistory((h) => ({ ...h, [id]: detail.versions.filter((v) => v.id !== id) }));
  };
  return (
    <Show when={props.entries.length > 0} fallback={<p class="empty" data-testid="ledger-empty">{t("ledger.empty")}</p>}>
      <ul class="card-list" data-testid="ledger-entries">
        <For each={props.entries}>
          {(e) => (
            <li class="card ledger-entry" data-testid="ledger-entry" data-entry-id={e.id} data-kind={e.kind}>
              <div class="canteen-card-head">
                <strong>{formatTime(e.eventAt)}</strong>
                <Show when={e.version > 1}><span class="tag">{t("ledger.version", { n: e.version })}</span></Show>
                <Show when={e.late}><span class="badge badge-unknown">{t("ledger.late")}</span></Show>
                <Show when={e.flagged}><span class="badge badge-offline">{t("ledger.flagged")}</span></Show>
                <span class="muted small">{t("ledger.enteredBy")} {e.enteredBy.name}</span>
              </div>
              <dl class="facts">
                <For each={Object.entries(e.data)}>
                  {([k, v]) => (
                    <div>
                      <dt class="muted small">{fieldLabel(k)}</dt>
                      <dd>{k === "staffId" ? staffName(String(v)) : valueLabel(v, e.derived)}</dd>
                    </div>
                  )}
                </For>
              </dl>
              <Show when={typeof e.derived?.discardAfter === "string"}>
                <p class="muted small">{t("ledger.discardAfter", { time: formatTime(String(e.derived!.discardAfter)) })}</p>
              </Show>
              <Show when={e.photos.length > 0}><p class="muted small">{t("ledger.photos")} · {e.photos.length}</p></Show>
              <Show when={e.reason}><p class="small" data-testid="ledger-reason">{t("ledger.reasonShown", { reason: e.reason! })}</p></Show>
              <div class="actions">
                <Show when={props.canCorrect && correcting() !== e.id}>
                  <button type="button" class="button-small" data-testid="ledger-correct" onClick={() => setCorrecting(e.id)}>{t("ledger.correct")}</button>
                </Show>
                <Show when={e.version > 1 && !history()[e.id]}>
                  <button type="button" class="button-small button-quiet" data-testid="ledger-history" onClick={() => void showHistory(e.id)}>{t("ledger.history")}</button>
                </Show>
              </div>
              <For each={history()[e.id] ?? []}>
                {(v) => (
                  <p class="muted small" data-testid="ledger-old-version">
                    {t("ledger.version", { n: v.version })} · {formatTime(v.enteredAt)} · {Object.entries(v.data).map(([k, x]) => `${fieldLabel(k)} ${k === "staffId" ? staffName(String(x)) : valueLabel(x, v.derived)}`).join("；")}
                  </p>
                )}
              </For>
              <Show when={correcting() === e.id}>
                <LedgerForm kind={e.kind} canteenId={e.canteenId} staff={props.staff} checklist={props.checklist} correcting={e} onDone={() => { setCorrecting(null); props.onCorrected(); }} />
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

export function StaffList(props: { staff: StaffView[] }) {
  return (
    <Show when={props.staff.length > 0} fallback={<p class="empty">{t("ledger.staffEmpty")}</p>}>
      <ul class="card-list ledger-staff" data-testid="ledger-staff">
        <For each={props.staff}>
          {(s) => (
            <li class="card" data-testid="ledger-staff-row" data-certificate={s.certificate}>
              <strong>{s.name}</strong> <span class="muted small">{s.position}</span>
              <div class="small">
                {t("ledger.certificate")} {s.certificateNo} · {t("ledger.certExpires", { date: s.certificateExpiresOn })}{" "}
                <span class="badge" classList={{ "badge-online": s.certificate === "valid", "badge-offline": s.certificate !== "valid" }}>{t(`ledger.cert.${s.certificate}` as MessageKey)}</span>
              </div>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
