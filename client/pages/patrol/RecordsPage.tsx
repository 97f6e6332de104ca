import { useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { listInspections } from "../../api/inspections.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { areaKindLabel, checklistStatusLabel, formatTime, inspectionKindLabel, inspectionResultLabel, t } from "../../i18n/index.ts";
import { createPagedList } from "../../paged.ts";
import { RecordEvidence } from "./RecordEvidence.tsx";
import "./records.css";
import { INSPECTION_KINDS } from "../../../server/contracts/enums.ts";

type Page = Awaited<ReturnType<typeof listInspections>>;
type Kind = (typeof INSPECTION_KINDS)[number];

/**
 * /patrol/records — 巡查记录: every inspection in the viewer's scope (online patrols, live inspections, spot checks,
 * self-checks), by kind and period; `?canteenId=` makes it one canteen's history. Each row opens its checklist of the
 * required areas (第二十一条), conclusion and participants.
 */
export function RecordsPage() {
  const [params] = useSearchParams<{ canteenId?: string }>();
  const [kind, setKind] = createSignal<Kind | "">("");
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  // a record's snapshots load when it is first opened
  const [opened, setOpened] = createSignal<Record<string, boolean>>({});
  const list = createPagedList<Page["items"][number], Page>((cursor) => listInspections({ canteenId: params.canteenId ?? "", status: "ended", kind: kind(), from: from(), to: to(), cursor, limit: 30 }));
  createEffect(on([kind, from, to, () => params.canteenId], () => void list.reload()));
  return (
    <section class="page records-page" data-testid="records-page">
      <div class="page-head">
        <h1>{params.canteenId && list.items()[0] ? t("records.history", { name: list.items()[0]!.canteenName }) : t("records.title")}</h1>
      </div>
      <div class="filters">
        <select aria-label={t("records.kind")} data-testid="records-kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value as Kind | "")}>
          <option value="">{t("records.allKinds")}</option>
          <For each={INSPECTION_KINDS.filter((k) => k !== "parent_viewing")}>{(k) => <option value={k}>{inspectionKindLabel(k)}</option>}</For>
        </select>
        <label class="small">
          {t("records.from")} <input type="date" value={from()} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="small">
          {t("records.to")} <input type="date" value={to()} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
      </div>
      <ErrorBanner error={list.error()} />
      <Show when={list.items().length > 0 || list.loading()} fallback={<p class="empty">{t("records.empty")}</p>}>
        <ul class="records">
          <For each={list.items()}>
            {(i) => (
              <li class="card record" data-testid="record" data-kind={i.kind}>
                <details onToggle={(e) => setOpened((all) => ({ ...all, [i.id]: all[i.id] || e.currentTarget.open }))}>
                  <summary>
                    <strong>{i.canteenName}</strong> · {inspectionKindLabel(i.kind)} · {i.startedBy.displayName} · {formatTime(i.startedAt)}{" "}
                    <Show when={i.result}>{(r) => <span class={r() === "satisfactory" ? "badge badge-online" : "badge badge-offline"}>{inspectionResultLabel(r())}</span>}</Show>
                  </summary>
                  <Show when={i.outcome}>
                    <p>{i.outcome}</p>
                  </Show>
                  <Show when={i.checklist}>
                    {(items) => (
                      <ul class="checks">
                        <For each={items()}>
                          {(c) => (
                            <li data-ok={c.status === "issue" ? "false" : "true"}>
                              {areaKindLabel(c.areaKind)}: {checklistStatusLabel(c.status)}
                              <Show when={c.note}> — {c.note}</Show>
                            </li>
                          )}
                        </For>
                      </ul>
                    )}
                  </Show>
                  <Show when={opened()[i.id]}>
                    <RecordEvidence inspectionId={i.id} />
                  </Show>
                  <p class="muted small">
                    {t("records.participants")}: {[...new Set(i.participants.map((p) => p.name))].join("、") || "—"}
                    <Show when={i.endedAt}> · {t("records.ended", { at: formatTime(i.endedAt!) })}</Show>
                  </p>
                </details>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <LoadMore cursor={list.nextCursor()} loading={list.loading()} onLoad={() => void list.loadMore()} />
    </section>
  );
}
