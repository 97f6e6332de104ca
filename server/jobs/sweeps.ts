import { escalateOverdue } from "../alerts/sweep.ts";
import { nowOf, type AppDeps } from "../http/env.ts";
import { sweepOrders } from "../orders/sweep.ts";
import { keepReports } from "../overview/reports.ts";
import { refreshSnapshots } from "../overview/snapshot.ts";
import { refreshMapSnapshots } from "../overview/map.ts";
import { sweepRisk } from "../overview/risk-sweep.ts";
import { sweepPatrolLag } from "../patrol/lag.ts";
import { challengeSchedule } from "../record/rules.ts";
import { issueChallenges } from "../record/service.ts";
import { remindUpcoming } from "../viewing/reminders.ts";
import { sweepRetention } from "../retention/sweep.ts";
import { pruneReadings } from "../sensors/prune.ts";
import { redisCommand } from "../live/redis.ts";
import { roomPinKeeper, type RoomPinRound } from "../live/room-pins.ts";
import type { Job } from "./runner.ts";

/** With a LiveKit cluster's Redis: the job that pins rooms back to their nodes after Redis restarted empty. */
function roomPinJobs(deps: AppDeps): Job[] {
  const { redisUrl } = deps.config;
  const pin = deps.livekit?.pinRoom?.bind(deps.livekit);
  if (!redisUrl || !pin) return [];
  const keep = roomPinKeeper({ redis: (args) => redisCommand(redisUrl, args), pin, now: () => nowOf(deps) });
  return [
    {
      name: "room-pins",
      intervalMs: deps.config.roomPinMs,
      run: keep,
      report: (r) => {
        const { restarted, pinned } = r as RoomPinRound;
        return restarted || pinned.length ? `${restarted ? "Redis restarted empty; " : ""}${pinned.length} room(s) pinned back to their LiveKit node` : null;
      },
    },
  ];
}

/** The periodic jobs of an API instance, with their intervals from the configuration. */
export const sweepJobs = (deps: AppDeps): Job[] => [
  {
    name: "order-sweep",
    intervalMs: deps.config.orderSweepMs,
    run: () => sweepOrders(deps),
    report: (r) => {
      const { overdue, escalated } = r as Awaited<ReturnType<typeof sweepOrders>>;
      return overdue.length || escalated.length ? `${overdue.length} overdue, ${escalated.length} escalated order(s)` : null;
    },
  },
  {
    name: "alert-escalation",
    intervalMs: deps.config.alertSweepMs,
    run: () => escalateOverdue(deps),
    report: (ids) => ((ids as string[]).length ? `escalated ${(ids as string[]).length} overdue alert(s)` : null),
  },
  {
    name: "patrol-lag",
    intervalMs: deps.config.patrolSweepMs,
    run: () => sweepPatrolLag(deps),
    report: (ids) => ((ids as string[]).length ? `${(ids as string[]).length} district(s) told they are behind their patrol plan` : null),
  },
  {
    name: "recording-challenges",
    // at random times: a short tick with each camera's chance of one challenge per RECORD_CHALLENGE_SECONDS on average
    intervalMs: challengeSchedule(deps.config.recordChallengeMs).tickMs,
    run: () => issueChallenges(deps, { chance: challengeSchedule(deps.config.recordChallengeMs).chance }),
    report: (issued) => ((issued as unknown[]).length ? `challenged ${(issued as unknown[]).length} camera recording(s)` : null),
  },
  {
    name: "viewing-reminders",
    intervalMs: deps.config.viewingReminderMs,
    run: () => remindUpcoming(deps),
    report: (ids) => ((ids as string[]).length ? `reminded the parents of ${(ids as string[]).length} viewing session(s)` : null),
  },
  {
    name: "overview-snapshots",
    intervalMs: deps.config.overviewRefreshMs,
    run: () => refreshSnapshots(deps),
    report: () => null,
  },
  {
    name: "map-snapshots",
    intervalMs: deps.config.overviewRefreshMs,
    run: () => refreshMapSnapshots(deps),
    report: () => null,
  },
  {
    name: "risk-warnings",
    intervalMs: deps.config.riskSweepMs,
    run: () => sweepRisk(deps),
    report: (r) => {
      const { opened, flagged } = r as Awaited<ReturnType<typeof sweepRisk>>;
      return opened || flagged.length ? `${opened} red warning(s) opened, ${flagged.length} flagged to the level above` : null;
    },
  },
  {
    name: "overview-reports",
    intervalMs: deps.config.overviewRefreshMs,
    run: () => keepReports(deps),
    report: (n) => ((n as number) ? `kept ${n as number} monthly report(s)` : null),
  },
  {
    name: "retention",
    intervalMs: deps.config.retentionSweepMs,
    run: () => sweepRetention(deps),
    report: (r) => {
      const { cameraEvents, sessions } = r as Awaited<ReturnType<typeof sweepRetention>>;
      return cameraEvents || sessions ? `deleted ${cameraEvents} camera status event(s) and ${sessions} ended session(s) past their retention` : null;
    },
  },
  {
    name: "sensor-prune",
    intervalMs: deps.config.sensorPruneMs,
    run: () => pruneReadings(deps),
    report: (n) => ((n as number) ? `deleted ${n as number} raw sensor reading(s) past retention (the hourly roll-up keeps them)` : null),
  },
  ...roomPinJobs(deps),
];
