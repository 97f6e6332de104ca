import { createResource, createSignal, For, Show } from "solid-js";
import { createAction } from "../../action.ts";
import { approveSupplier, canteenSuppliers, listWarnings } from "../../api/trace.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { formatTime, type MessageKey, t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import { ConsultationLine } from "./Consultation.tsx";

const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * A canteen's suppliers with their licences' state, and the school's approval of another. The approval records how
 * the parent committee (膳食委员会) was consulted — the day and how — and the server refuses one without it.
 */
export function SuppliersTab(props: { canteenId: string }) {
  const [tick, setTick] = createSignal(0);
  const [list] = createResource(() => ({ id: props.canteenId, tick: tick() }), ({ id }) => canteenSuppliers(id));
  const [consultedOn, setConsultedOn] = createSignal(chinaToday());
  const [note, setNote] = createSignal("");
  const action = createAction();
  async function approve(supplierId: string) {
    const ok = await action.run(async () => void (await approveSupplier(props.canteenId, { supplierId, consultation: { on: consultedOn(), note: note() } })));
    if (ok) setTick((n) => n + 1);
  }
  const licence = (s: string) => <span class="badge badge-unknown" data-status={s}>{t(`trace.licence.${s}` as MessageKey)}</span>;
  return (
    <>
      <ErrorBanner error={list.error ?? action.error()} />
      <Show when={list.loading && !list()}>
        <p class="muted">{t("trace.loading")}</p>
      </Show>
      <h2 class="section-title">{t("trace.approvedSuppliers")}</h2>
      <Show when={list()?.served.length} fallback={<p class="empty">{t("trace.noSuppliers")}</p>}>
        <ul class="card-list" data-testid="suppliers-served">
          <For each={list()!.served}>
            {(s) => (
              <li class="card">
                <strong>{s.name}</strong> · {t("trace.approvedAt")} {formatTime(s.approvedAt)}
                <ConsultationLine consultation={s.consultation} consulted={s.committeeConsulted} />
                <Show when={s.profile}>
                  <p class="small">{t("trace.foodLicence")} {s.profile!.foodLicenceNo} {licence(s.profile!.foodLicence)} · {t("trace.businessLicence")} {licence(s.profile!.businessLicence)}</p>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={can("trace.manage") && list()?.candidates.length}>
        <h2 class="section-title">{t("trace.candidates")}</h2>
        <div class="card" data-testid="supplier-consultation">
          <p class="small muted">{t("trace.consultation.hint")}</p>
          <Field label={t("trace.consultation.on")}>
            <input type="date" name="consultedOn" max={chinaToday()} value={consultedOn()} onInput={(e) => setConsultedOn(e.currentTarget.value)} required />
          </Field>
          <Field label={t("trace.consultation.note")}>
            <input type="text" name="consultationNote" maxLength={200} placeholder={t("trace.consultation.placeholder")} value={note()} onInput={(e) => setNote(e.currentTarget.value)} required />
          </Field>
        </div>
        <ul class="card-list" data-testid="suppliers-candidates">
          <For each={list()!.candidates}>
            {(s) => (
              <li class="card">
                <strong>{s.name}</strong> <Show when={s.profile}>{licence(s.profile!.foodLicence)}</Show>{" "}
                <button type="button" data-testid="supplier-approve" disabled={action.busy() || !consultedOn() || note().trim().length < 4} onClick={() => void approve(s.id)}>{t("trace.approve")}</button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}

/** The canteen's traceability warnings, newest first. */
export function WarningsTab(props: { canteenId: string }) {
  const [list] = createResource(() => props.canteenId, (canteenId) => listWarnings({ canteenId, limit: 100 }));
  return (
    <>
      <ErrorBanner error={list.error} />
      <Show when={list.loading && !list()}>
        <p class="muted">{t("trace.loading")}</p>
      </Show>
      <Show when={list()?.items.length} fallback={<Show when={list()}><p class="empty">{t("trace.noWarnings")}</p></Show>}>
        <ul class="card-list" data-testid="trace-warnings">
          <For each={list()!.items}>
            {(w) => (
              <li class="card" data-kind={w.kind}>
                <span class="badge badge-offline">{t(`trace.warning.${w.kind}` as MessageKey)}</span> {w.day} · {w.canteenName}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}
