import { createResource, createSignal, For, Index, onCleanup, onMount, Show } from "solid-js";
import { Portal } from "solid-js/web";
import { createOrder, listLegalBases } from "../../api/orders.ts";
import { listSnapshots } from "../../api/snapshots.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { t } from "../../i18n/index.ts";
import { type Order, ORDER_SEVERITIES, type OrderSeverity } from "../../types.ts";
import { DEFAULT_DEADLINE_DAYS, defaultDeadline, localInputToIso, toLocalInput } from "./deadlines.ts";
import { legalBasisText } from "./legalBasis.ts";

interface Draft {
  problem: string;
  severity: OrderSeverity;
  legalBasisId: string;
  snapshotIds: string[];
  /** datetime-local; "" = the severity's default */
  deadline: string;
}

const emptyDraft = (snapshotIds: string[] = []): Draft => ({ problem: "", severity: "major", legalBasisId: "", snapshotIds, deadline: "" });

/**
 * The inspector's 整改通知 during an inspection: one or more problems, each with the frozen frames that show
 * it, its legal basis from the seeded catalogue and its severity (which sets the default deadline; the
 * inspector may change it). Signing sends it; the server numbers it, signs it and announces it in the room.
 */
export function IssueOrderDialog(props: { inspectionId: string; preselect: string | null; onIssued: (order: Order) => void; onCancel: () => void; canteenId?: string }) {
  // an on-site check (靶向飞行) takes no frames itself: the canteen's recent ones (the finding that sent it) are offered
  const [snapshots] = createResource(() => listSnapshots(props.canteenId ? { canteenId: props.canteenId, limit: 50 } : { inspectionId: props.inspectionId, limit: 50 }).then((p) => p.items));
  const [bases] = createResource(() => listLegalBases().then((p) => p.items));
  const [drafts, setDrafts] = createSignal<Draft[]>([emptyDraft(props.preselect ? [props.preselect] : [])]);
  const [remarks, setRemarks] = createSignal("");
  const [problem, setProblem] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const openedAt = new Date();

  const update = (i: number, patch: Partial<Draft>) => setDrafts((all) => all.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const toggleSnapshot = (i: number, id: string, on: boolean) => update(i, { snapshotIds: on ? [...drafts()[i]!.snapshotIds, id] : drafts()[i]!.snapshotIds.filter((s) => s !== id) });

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const items = drafts().map((d) => ({
      problem: d.problem.trim(),
      severity: d.severity,
      legalBasisId: d.legalBasisId,
      snapshotIds: d.snapshotIds,
      ...(d.deadline ? { deadline: localInputToIso(d.deadline) ?? "" } : {}),
    }));
    if (items.some((i) => !i.problem || !i.legalBasisId || i.snapshotIds.length === 0 || i.deadline === "")) return setProblem(t("order.missing"));
    setProblem(null);
    setBusy(true);
    setError(undefined);
    try {
      props.onIssued(await createOrder({ inspectionId: props.inspectionId, items, ...(remarks().trim() ? { remarks: remarks().trim() } : {}) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  // a dialog over the page (full screen on a phone), not a form squeezed into the side column; Esc cancels
  onMount(() => {
    const esc = (e: KeyboardEvent) => e.key === "Escape" && props.onCancel();
    window.addEventListener("keydown", esc);
    onCleanup(() => window.removeEventListener("keydown", esc));
  });

  return (
    <Portal>
      <div class="modal-backdrop" data-testid="issue-order-dialog">
        <form class="card form issue-order modal" role="dialog" aria-modal="true" aria-labelledby="issue-order-title" data-testid="issue-order-form" onSubmit={submit} novalidate>
          <h3 id="issue-order-title">{t("order.issueTitle")}</h3>
          <ErrorBanner error={error() ?? snapshots.error ?? bases.error} />
          <Index each={drafts()}>
            {(draft, i) => (
              <fieldset class="order-item-draft" data-testid="order-item-draft">
                <legend>{t("order.item", { n: i + 1 })}</legend>
                <Field label={t("order.problem")}>
                  <textarea data-testid="order-problem" rows={2} maxLength={500} placeholder={t("order.problemPlaceholder")} value={draft().problem} onInput={(e) => update(i, { problem: e.currentTarget.value })} />
                </Field>
                <Field label={t("order.severity")} hint={draft().deadline ? undefined : t("order.deadlineDefault", { days: DEFAULT_DEADLINE_DAYS[draft().severity] })}>
                  <select data-testid="order-severity" value={draft().severity} onChange={(e) => update(i, { severity: e.currentTarget.value as OrderSeverity })}>
                    <For each={ORDER_SEVERITIES}>{(s) => <option value={s}>{t(`order.severity.${s}`)}</option>}</For>
                  </select>
                </Field>
                <Field label={t("order.legalBasis")}>
                  <select data-testid="order-basis" value={draft().legalBasisId} onChange={(e) => update(i, { legalBasisId: e.currentTarget.value })}>
                    <option value="">{t("order.pickBasis")}</option>
                    <For each={bases() ?? []}>
                      {(b) => (
                        <option value={b.id} data-code={b.code} title={b.description}>
                          {legalBasisText({ ...b, law: b.law.replace(/^中华人民共和国/, "") })}
                        </option>
                      )}
                    </For>
                  </select>
                </Field>
                <Field label={t("order.deadline")}>
                  <input
                    type="datetime-local"
                    data-testid="order-deadline"
                    value={draft().deadline || toLocalInput(defaultDeadline(draft().severity, openedAt))}
                    onChange={(e) => update(i, { deadline: e.currentTarget.value })}
                  />
                </Field>
                <div class="field">
                  <span class="field-label">{t("order.snapshots")}</span>
                  <Show when={(snapshots() ?? []).length > 0} fallback={<p class="muted small">{t("order.noSnapshots")}</p>}>
                    <div class="snapshot-picks">
                      <For each={snapshots()}>
                        {(s) => (
                          <label class="snapshot-pick" classList={{ picked: draft().snapshotIds.includes(s.id) }}>
                            <input type="checkbox" data-testid="order-snapshot" value={s.id} checked={draft().snapshotIds.includes(s.id)} onChange={(e) => toggleSnapshot(i, s.id, e.currentTarget.checked)} />
                            <img src={s.imageUrl} alt={s.cameraName} loading="lazy" />
                            <span class="small">{s.cameraName}</span>
                          </label>
                        )}
                      </For>
                    </div>
                  </Show>
                </div>
                <Show when={drafts().length > 1}>
                  <button type="button" class="button-quiet" onClick={() => setDrafts((all) => all.filter((_, j) => j !== i))}>
                    {t("order.removeItem")}
                  </button>
                </Show>
              </fieldset>
            )}
          </Index>
          <button type="button" data-testid="order-add-item" onClick={() => setDrafts((all) => [...all, emptyDraft()])}>
            {t("order.addItem")}
          </button>
          <Field label={`${t("order.remarks")}${t("common.optional")}`}>
            <textarea data-testid="order-remarks" rows={2} maxLength={1000} value={remarks()} onInput={(e) => setRemarks(e.currentTarget.value)} />
          </Field>
          <Show when={problem()}>
            <p class="form-problems" role="alert" data-testid="order-form-error">
              {problem()}
            </p>
          </Show>
          <div class="actions">
            <button type="button" onClick={() => props.onCancel()}>
              {t("common.cancel")}
            </button>
            <button type="submit" class="button-primary" data-testid="order-send" disabled={busy()}>
              {t("order.send")}
            </button>
          </div>
        </form>
      </div>
    </Portal>
  );
}
