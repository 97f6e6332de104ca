import { A, useParams } from "@solidjs/router";
import { createResource, For, type JSX, Show } from "solid-js";
import { getUnitFile } from "../../api/overview.ts";
import { settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LiveLink } from "../../components/LiveLink.tsx";
import { formatTime, type MessageKey, t } from "../../i18n/index.ts";
import { CameraTable } from "./CameraTable.tsx";
import { FigureCards } from "./FigureCards.tsx";

const label = (key: string) => t(key as MessageKey);

function Records<T>(props: { title: string; testid: string; items: T[]; row: (item: T) => JSX.Element }) {
  return (
    <section class="unit-section">
      <h2>{props.title}</h2>
      <Show when={props.items.length > 0} fallback={<p class="empty">{t("overview.unitNone")}</p>}>
        <ul class="card-list" data-testid={props.testid}>
          <For each={props.items}>{(item) => <li class="card small">{props.row(item)}</li>}</For>
        </ul>
      </Show>
    </section>
  );
}

/** /overview/units/:id — 一户一档: everything about one school on one printable page. */
export function UnitPage() {
  const params = useParams<{ id: string }>();
  const [data] = createResource(() => params.id, (id) => getUnitFile(id));
  return (
    <section class="page unit-page print-doc" data-testid="unit-page">
      <ErrorBanner error={data.error} />
      <Show when={!data.error && !data.latest}><p class="muted">{t("overview.loading")}</p></Show>
      <Show when={settled(data)}>
        {(d) => (
          <>
            <div class="page-head">
              <h1 data-testid="unit-title">{t("overview.unitTitle", { name: d().school.name })}</h1>
              <button type="button" class="no-print push" onClick={() => window.print()}>{t("overview.unitPrint")}</button>
            </div>
            <p class="muted small">
              {d().trail.map((p) => p.name).join(" › ")} · {t("overview.unitPeriod", { from: d().period.from, to: d().period.to })} · {t("overview.asOf", { time: formatTime(d().period.asOf) })}
            </p>
            <section class="unit-section">
              <h2>{t("overview.unitCanteens")}</h2>
              <ul class="card-list" data-testid="unit-canteens">
                <For each={d().canteens}>
                  {(c) => (
                    <li class="card small">
                      <A href={`/canteens/${c.id}`}>{c.name}</A> · {t("overview.unitLicense")} {c.licenseNo ?? "—"} · {t("overview.unitGrade")} {c.grade ? label(`grade.${c.grade}`) : "—"}{" "}
                      {/* 应急指挥调度 (item 8): from the unit's file straight into the canteen's live room */}
                      <span class="no-print"><LiveLink href={`/live/${encodeURIComponent(c.id)}`} label={t("live.openNamed", { name: c.name })} /></span>
                    </li>
                  )}
                </For>
              </ul>
              <p class="muted small">{t("overview.unitSuppliers")}</p>
            </section>
            <FigureCards total={d().figures} links={{ coverage: "/overview/survey", online: `/overview/cameras?school=${d().school.id}`, alerts: "/alerts", ordersOverdue: "/orders?overdue=true", patrol: "/patrol/records", ledgers: "/ledgers", complaints: "/complaints" }} period={{ from: d().period.from, to: d().period.to, asOf: d().period.asOf, current: true, semesterFrom: "", semesterTo: "" }} />
            <CameraTable cameras={d().cameras} title={t("overview.cameras")} />
            <Records title={t("overview.unitInspections")} testid="unit-inspections" items={d().inspections} row={(r) => <>{formatTime(r.startedAt)} · {label(`inspection.kind.${r.kind}`)}{r.result ? ` · ${label(`inspection.result.${r.result}`)}` : ""}{r.outcome ? ` · ${r.outcome}` : ""}</>} />
            <Records title={t("overview.unitOrders")} testid="unit-orders" items={d().orders} row={(r) => <><A href={`/orders/${r.id}`}>{r.number}</A> · {label(`order.status.${r.status}`)}{r.overdue ? ` · ${t("overview.unitOverdue")}` : ""} · {formatTime(r.issuedAt)}</>} />
            <Records title={t("overview.unitAlerts")} testid="unit-alerts" items={d().alerts} row={(r) => <>{formatTime(r.occurredAt)} · {label(`alert.type.${r.type}`)} · {label(`alert.status.${r.status}`)}</>} />
            <Records title={t("overview.unitComplaints")} testid="unit-complaints" items={d().complaints} row={(r) => <>{formatTime(r.createdAt)} · {label(`complaint.category.${r.category}`)} · {label(`complaint.status.${r.status}`)}</>} />
          </>
        )}
      </Show>
    </section>
  );
}
