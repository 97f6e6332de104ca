import { useSearchParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, on, onMount, Show } from "solid-js";
import { listCanteens } from "../../api/canteens.ts";
import { canteenChecklists, createLedgerReview, ledgerCompleteness, listLedgerEntries, listLedgerReviews, listStaff } from "../../api/ledgers.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { type MessageKey, t } from "../../i18n/index.ts";
import { can, hasRole, me } from "../../stores/session.ts";
import { rejected, sent, waiting, watchOutbox } from "../../stores/ledgerOutbox.ts";
import { LEDGER_KIND_NAMES, type LedgerKind } from "../../../server/ledgers/kinds.ts";
import { isChecklistKind } from "../../../server/ledgers/checklist.ts";
import { LedgerExport } from "./LedgerExport.tsx";
import { LedgerForm } from "./LedgerForm.tsx";
import { EntryList, StaffList, TodoCard } from "./LedgerParts.tsx";

/** today in China, YYYY-MM-DD */
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * /ledgers — the canteen's ledgers on a phone: what is still due today, one form per kind (made from the
 * registry), today's entries of that kind, the staff and their certificates, 复核; entries made without a
 * network wait in the phone's outbox (the count shows) and go out when it returns.
 */
export function LedgersPage() {
  const [params, setParams] = useSearchParams<{ canteen?: string; kind?: string }>();
  const [canteens] = createResource(() => listCanteens({ limit: 50 }).then((p) => p.items));
  const canteenId = () => params.canteen ?? canteens()?.[0]?.id;
  const kind = () => (LEDGER_KIND_NAMES.includes(params.kind as LedgerKind) ? (params.kind as LedgerKind) : "morning_check");
  const [tick, setTick] = createSignal(0);
  const refresh = () => setTick((n) => n + 1);
  const source = () => (canteenId() ? { id: canteenId()!, kind: kind(), tick: tick() } : false);
  const [staff] = createResource(source, ({ id }) => listStaff(id).then((r) => r.items));
  const [todo] = createResource(source, ({ id }) => ledgerCompleteness({ canteenId: id }));
  const [entries] = createResource(source, ({ id, kind: k }) => listLedgerEntries({ canteenId: id, kind: k, from: chinaToday(), to: chinaToday(), limit: 100 }));
  const [reviews] = createResource(source, ({ id }) => listLedgerReviews(id).then((r) => r.items));
  // 日管控、周排查、月调度: the items in effect for this canteen (its region's adaptation, else the built-in list)
  const [checklists] = createResource(() => (canteenId() && isChecklistKind(kind()) ? { id: canteenId()!, tick: tick() } : false), ({ id }) => canteenChecklists(id));
  // (an errored resource throws when read: the banner shows the error, the form waits)
  const checklist = () => (isChecklistKind(kind()) && !checklists.error ? checklists()?.kinds.find((k) => k.kind === kind())?.items : undefined);
  const [error, setError] = createSignal<unknown>();
  onMount(() => watchOutbox());
  createEffect(on(sent, () => refresh(), { defer: true }));

  const reviewedToday = () => reviews()?.some((r) => r.type === "daily_review" && r.day === chinaToday());
  async function review(type: "daily_review" | "weekly_signoff") {
    setError(undefined);
    try {
      await createLedgerReview({ canteenId: canteenId()!, type, day: chinaToday() });
      refresh();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section class="page ledgers-page" data-testid="ledgers-page">
      <div class="page-head">
        <h1>{t("ledger.title")}</h1>
        <span class="badge ledger-waiting" classList={{ "badge-offline": waiting() > 0, "badge-unknown": waiting() === 0 }} data-testid="ledger-waiting" data-count={waiting()} title={t("ledger.waitingHint")}>
          {t("ledger.waiting", { n: waiting() })}
        </span>
      </div>
      <Show when={(canteens()?.length ?? 0) > 1}>
        <label class="inline-field">
          {t("ledger.canteen")}
          <select value={canteenId()} onChange={(e) => setParams({ canteen: e.currentTarget.value })}>
            <For each={canteens()}>{(c) => <option value={c.id}>{c.orgName} · {c.name}</option>}</For>
          </select>
        </label>
      </Show>
      <ErrorBanner error={canteens.error ?? checklists.error ?? error()} />
      <For each={rejected()}>{(r) => <ErrorBanner error={r.error} />}</For>
      <Show when={canteens() && !canteenId()}>
        <p class="empty">{t("ledger.noCanteen")}</p>
      </Show>
      <Show when={canteenId()}>
        {(id) => (
          <>
            <Show when={todo()}>{(c) => <TodoCard completeness={c()} staff={staff() ?? []} />}</Show>
            <Show when={can("ledgers.review")}>
              <div class="actions">
                <button type="button" class="button-primary" data-testid="ledger-review" disabled={reviewedToday()} onClick={() => void review("daily_review")}>
                  {reviewedToday() ? t("ledger.reviewed") : t("ledger.review")}
                </button>
                <Show when={hasRole(me(), "principal")}>
                  <button type="button" data-testid="ledger-signoff" onClick={() => void review("weekly_signoff")}>
                    {t("ledger.signoff")}
                  </button>
                </Show>
              </div>
            </Show>
            <div class="tabs ledger-kinds" role="tablist" aria-label={t("ledger.title")}>
              <For each={LEDGER_KIND_NAMES}>
                {(k) => (
                  <button type="button" role="tab" data-testid={`ledger-kind-${k}`} aria-selected={kind() === k} classList={{ active: kind() === k }} onClick={() => setParams({ kind: k })}>
                    {t(`ledger.kind.${k}` as MessageKey)}
                  </button>
                )}
              </For>
            </div>
            <Show when={can("ledgers.write")}>
              <Show when={kind()} keyed>
                {(k) => <LedgerForm kind={k} canteenId={id()} staff={staff() ?? []} checklist={checklist()} />}
              </Show>
            </Show>
            <h2 class="section-title">{t("ledger.todayEntries")}</h2>
            <EntryList entries={entries()?.items ?? []} staff={staff() ?? []} canCorrect={can("ledgers.write")} onCorrected={refresh} checklist={checklist()} />
            <h2 class="section-title">{t("ledger.export.heading")}</h2>
            <LedgerExport canteenId={id()} kind={kind()} />
            <h2 class="section-title">{t("ledger.staff")}</h2>
            <StaffList staff={staff() ?? []} />
          </>
        )}
      </Show>
    </section>
  );
}
