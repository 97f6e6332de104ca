import { A } from "@solidjs/router";
import type { JSX } from "solid-js";
import type { FiguresView, OverviewView } from "../../api/overview.ts";
import { t } from "../../i18n/index.ts";
import { pct, tone } from "./format.ts";

function Figure(props: { testid: string; href: string; title: string; value: string; rate: number | null; detail: string; extra?: JSX.Element }) {
  return (
    <li class="card overview-figure" data-testid={props.testid} data-tone={tone(props.rate)}>
      <A href={props.href} class="overview-figure-link">
        <span class="overview-figure-title">{props.title}</span>
        <strong class="overview-figure-value" data-testid={`${props.testid}-value`}>{props.value}</strong>
        <span class="muted small">{props.detail}</span>
      </A>
      {props.extra}
    </li>
  );
}

/** The figures of the area, each a link to the list behind it (the server names it). */
export function FigureCards(props: { total: FiguresView; links: OverviewView["links"]; period: OverviewView["period"] }) {
  const f = () => props.total;
  return (
    <ul class="cards overview-figures" data-testid="overview-figures">
      <Figure testid="overview-coverage" href={props.links.coverage!} title={t("overview.coverage")} value={pct(f().coverage.rate)} rate={f().coverage.rate} detail={t("overview.coverageDetail", { both: f().coverage.both, registered: f().coverage.registered })} />
      <Figure testid="overview-online-now" href={props.links.online!} title={t("overview.onlineNow")} value={pct(f().online.now.rate)} rate={f().online.now.rate} detail={t("overview.onlineNowDetail", { online: f().online.now.online, cameras: f().online.now.cameras })} />
      <li class="card overview-figure" data-testid="overview-online-period" data-tone={tone(f().online.period.rate)} data-percent={f().online.period.percent ?? ""}>
        <A href={props.links.online!} class="overview-figure-link">
          <span class="overview-figure-title">{t("overview.onlinePeriod")}</span>
          <strong class="overview-figure-value" data-testid="overview-online-period-value">{pct(f().online.period.rate)}</strong>
          <span class="muted small">{t("overview.onlinePeriodDetail", { measured: f().online.period.measured, outages: f().online.period.outages, hours: f().online.period.offlineHours })}</span>
        </A>
      </li>
      <Figure testid="overview-alerts" href={props.links.alerts!} title={t("overview.alerts")} value={pct(f().alerts.onTimeRate)} rate={f().alerts.onTimeRate} detail={t("overview.alertsDetail", { total: f().alerts.total, onTime: f().alerts.disposedOnTime, overdue: f().alerts.overdue, fp: f().alerts.falsePositive })} />
      <Figure testid="overview-orders" href={props.links.ordersOverdue!} title={t("overview.orders")} value={String(f().orders.overdue)} rate={f().orders.onTimeRate} detail={t("overview.ordersDetail", { issued: f().orders.issued, open: f().orders.open, overdue: f().orders.overdue, onTime: f().orders.closedOnTime })} />
      <Figure testid="overview-patrol" href={props.links.patrol!} title={t("overview.patrol")} value={pct(f().patrol.rate)} rate={f().patrol.rate} detail={t("overview.patrolDetail", { covered: f().patrol.covered, total: f().patrol.total, from: props.period.semesterFrom, to: props.period.semesterTo })} />
      <Figure testid="overview-ledgers" href={props.links.ledgers!} title={t("overview.ledgers")} value={pct(f().ledgers.rate)} rate={f().ledgers.rate} detail={t("overview.ledgersDetail", { done: f().ledgers.done, due: f().ledgers.due })} />
      <Figure testid="overview-complaints" href={props.links.complaints!} title={t("overview.complaints")} value={String(f().complaints.open)} rate={null} detail={t("overview.complaintsDetail", { total: f().complaints.total, open: f().complaints.open, overdue: f().complaints.overdue, answered: f().complaints.answered })} />
      {/* the public page's ratings of the period, beside the complaints they come with (issue 13, item 4); a summary
          kept before ratings were counted has none until the next refresh */}
      <Figure testid="overview-ratings" href={props.links.complaints!} title={t("overview.ratings")} value={f().ratings?.average == null ? "—" : `${f().ratings!.average!.toFixed(1)} ★`} rate={null} detail={t("overview.ratingsDetail", { count: f().ratings?.count ?? 0 })} />
      {/* 录像完整率 (issue 19): recorded hours over the period's so far; a summary kept before it was counted has none */}
      <Figure testid="overview-recording" href={props.links.online!} title={t("overview.recording")} value={pct(f().recording?.rate ?? null)} rate={f().recording?.rate ?? null} detail={t("overview.recordingDetail", { hours: f().recording?.recordedHours ?? 0, cameras: f().recording?.cameras ?? 0 })} />
    </ul>
  );
}
