import type { inspectionParticipants, inspections } from "../../schema/index.ts";
import { canteenRoom } from "../../../server/bus/rooms.ts";
import { AREA_NAMES_ZH } from "../../../server/canteens/rules.ts";
import { REQUIRED_PATROL_AREAS } from "../../../server/contracts/enums.ts";
import { type DemoCity, NEGLECT_DAYS } from "./city.ts";
import type { HistoryPeople, Inspector } from "./people.ts";
import { DAY, type Draws, MIN, type Row, type Span } from "./shared.ts";
import { OUTCOME_ISSUES, OUTCOME_OK, PROBLEMS } from "./texts.ts";

/** An inspection that found issues: a rectification order is issued for it (orders.ts). */
export interface IssuesFound {
  inspectionId: string;
  canteenId: string;
  orgId: string;
  schoolName: string;
  /** when the inspection ended */
  at: number;
  inspector: Inspector;
  principal: string;
  /** the areas with an issue, in checklist order */
  areas: string[];
}

export interface InspectionHistory {
  inspections: Array<Row<typeof inspections>>;
  participants: Array<Row<typeof inspectionParticipants>>;
  issuesFound: IssuesFound[];
}

/**
 * Ended inspections of every school, one every 6–16 days in office hours: mostly online patrols by the
 * inspector alone, some live inspections the principal joins. About one in five finds issues.
 */
export function inspectionHistory(city: DemoCity, people: HistoryPeople, draws: Draws, { from, now }: Span): InspectionHistory {
  const { random, newId, between } = draws;
  const inspectionRows: Array<Row<typeof inspections>> = [];
  const participants: Array<Row<typeof inspectionParticipants>> = [];
  const issuesFound: IssuesFound[] = [];
  const nameOf = (userId: string) => people.nameOf.get(userId) ?? "";
  for (const s of city.schools) {
    const inspector = people.inspectorOf(s.regionCode);
    const principal = people.principalOf.get(s.orgId)!;
    let t = from + between(0, 5 * DAY);
    while (t < now - DAY) {
      const kind = random() < 0.75 ? ("online_patrol" as const) : ("live_inspection" as const);
      // office hours, China time (UTC+8): 09:00–16:00
      const day = Math.floor((t + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;
      const startedAt = day + 9 * 3600_000 + between(0, 7 * 3600_000);
      const endedAt = startedAt + between(6 * MIN, 40 * MIN);
      const issues = random() < 0.22;
      const issueAreas = issues ? REQUIRED_PATROL_AREAS.filter(() => random() < 0.3) : [];
      if (issues && !issueAreas.length) issueAreas.push(draws.pick(REQUIRED_PATROL_AREAS));
      const checklist = REQUIRED_PATROL_AREAS.map((areaKind) =>
        issueAreas.includes(areaKind)
          ? { areaKind, status: "issue" as const, note: draws.pick(PROBLEMS[areaKind]!) }
          : { areaKind, status: random() < 0.04 ? ("not_seen" as const) : ("ok" as const) },
      );
      const id = newId("ins");
      const row: Row<typeof inspections> = {
        id,
        kind,
        canteenId: s.canteenId,
        room: canteenRoom(s.canteenId),
        status: "ended",
        startedBy: inspector.userId,
        startedAt,
        endedAt,
        result: issues ? "issues_found" : "satisfactory",
        outcome: issues ? `${OUTCOME_ISSUES}（${issueAreas.map((a) => AREA_NAMES_ZH[a]).join("、")}）` : draws.pick(OUTCOME_OK),
        checklist: JSON.stringify(checklist),
      };
      const joined: Array<Row<typeof inspectionParticipants>> = [
        { id: newId("ipt"), inspectionId: id, participantSid: `PA_history_${id.slice(4)}_1`, identity: inspector.userId, name: nameOf(inspector.userId), role: "inspector", joinedAt: startedAt, leftAt: endedAt },
      ];
      if (kind === "live_inspection") {
        joined.push({ id: newId("ipt"), inspectionId: id, participantSid: `PA_history_${id.slice(4)}_2`, identity: principal, name: nameOf(principal), role: "principal", joinedAt: startedAt + between(MIN, 3 * MIN), leftAt: endedAt });
      }
      t += between(6 * DAY, 16 * DAY);
      // no regulator at the neglected canteen of late (its draws are taken all the same, so other rows do not shift)
      if (s.canteenId === city.neglectedCanteenId && now - startedAt < NEGLECT_DAYS * DAY) continue;
      inspectionRows.push(row);
      participants.push(...joined);
      if (issues) issuesFound.push({ inspectionId: id, canteenId: s.canteenId, orgId: s.orgId, schoolName: s.schoolName, at: endedAt, inspector, principal, areas: checklist.filter((c) => c.status === "issue").map((c) => c.areaKind) });
    }
  }
  return { inspections: inspectionRows, participants, issuesFound };
}
