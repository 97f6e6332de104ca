import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { ledgerSettings, staffMembers, viewingSessions } from "../../db/schema/index.ts";
import { ApiError, conflict, invalid, zodDetails } from "../http/errors.ts";
import { decodeImage } from "../media-store/decode.ts";
import { type Cadence, kindDef, type LedgerKind, type MEALS } from "./kinds.ts";
import { MAX_LEDGER_PHOTO_BYTES } from "./contracts.ts";
import { isChecklistKind, passedProblems } from "./checklist.ts";
import { checklistForCanteen } from "./checklists.ts";
import { certificateStatus, chinaDay, DEFAULT_BACKDATE_DAYS, DEFAULT_MEALS, disinfectionProblem, entryTiming, morningCheckProblem, purchaseProblem, sampleDiscardAfter } from "./rules.ts";

/** Everything an entry must pass before anything is stored: its fields, its timing, its kind's rules, its photos. */

export interface Settings {
  meals: Array<(typeof MEALS)[number]>;
  backdateDays: number;
  cadences: Partial<Record<LedgerKind, Cadence>>;
}

export async function settingsOf(db: DbOrTx, canteenId: string): Promise<Settings> {
  const [row] = await db.select().from(ledgerSettings).where(eq(ledgerSettings.canteenId, canteenId));
  if (!row) return { meals: [...DEFAULT_MEALS], backdateDays: DEFAULT_BACKDATE_DAYS, cadences: {} };
  return { meals: JSON.parse(row.meals), backdateDays: row.backdateDays, cadences: JSON.parse(row.cadences) };
}

export interface CheckedEntry {
  data: Record<string, unknown>;
  day: string;
  late: boolean;
  subject: string | null;
  derived: Record<string, unknown> | null;
  flagged: boolean;
  photos: Array<{ bytes: Uint8Array; contentType: "image/jpeg" | "image/png" }>;
}

export async function checkEntry(
  db: DbOrTx,
  input: { canteenId: string; kind: LedgerKind; data: unknown; eventAt: number; photos: string[]; now: number; settings: Settings; sameDayAs?: string },
): Promise<CheckedEntry> {
  const def = kindDef(input.kind);
  const parsed = def.schema.safeParse(input.data);
  if (!parsed.success) throw invalid("invalid_ledger_data", zodDetails(parsed.error).map((d) => ({ ...d, path: `data.${d.path}` })));
  const data = parsed.data as Record<string, unknown>;
  const timing = entryTiming(input.eventAt, input.now, input.settings.backdateDays);
  // a correction keeps its entry's day even when that day is past the window
  const keepsDay = input.sameDayAs !== undefined && chinaDay(input.eventAt) === input.sameDayAs;
  if ("problem" in timing && !(timing.problem === "backdated_beyond_window" && keepsDay)) throw invalid(timing.problem);
  const t = "problem" in timing ? { late: true, day: input.sameDayAs! } : timing;
  let derived: Record<string, unknown> | null = null;
  let checklistSize = 0;

  if (input.kind === "morning_check") {
    const [person] = await db.select().from(staffMembers).where(and(eq(staffMembers.id, data.staffId as string), eq(staffMembers.canteenId, input.canteenId)));
    if (!person) throw conflict("staff_not_in_canteen");
    const problem = morningCheckProblem(data as { temperature: number; symptoms: string[]; fit: boolean }, certificateStatus(person.certificateExpiresOn, t.day));
    if (problem) throw problem.status === 409 ? conflict(problem.reason) : invalid(problem.reason);
    derived = { staffName: person.name, certificateExpiresOn: person.certificateExpiresOn };
  } else if (input.kind === "disinfection") {
    const problem = disinfectionProblem(data as never);
    if (problem) throw invalid(problem);
  } else if (input.kind === "purchase_inspection") {
    const problem = purchaseProblem(data as never, t.day);
    if (problem) throw invalid(problem);
  } else if (input.kind === "parent_supervision" && data.viewingSessionId) {
    // the supervised viewing session (issue 13) it was part of: one of this canteen's
    const [session] = await db.select({ id: viewingSessions.id }).from(viewingSessions).where(and(eq(viewingSessions.id, data.viewingSessionId as string), eq(viewingSessions.canteenId, input.canteenId)));
    if (!session) throw conflict("viewing_session_not_in_canteen");
  } else if (input.kind === "sample") {
    derived = { discardAfter: new Date(sampleDiscardAfter(input.eventAt)).toISOString() };
  } else if (isChecklistKind(input.kind)) {
    // 自查: ticks of the checklist in effect for the canteen now; the entry keeps which version and its items, so it
    // reads the same after the region changes the checklist again
    const checklist = await checklistForCanteen(db, input.canteenId, input.kind);
    const problems = passedProblems(data.passed as string[], checklist);
    if (problems.length) throw invalid("checklist_item_unknown", problems);
    checklistSize = checklist.items.length;
    derived = { checklist };
  }

  if (input.photos.length < def.photos.min || input.photos.length > def.photos.max) {
    throw invalid("photo_count", [{ path: "photos", message: `${def.photos.min}–${def.photos.max}` }]);
  }
  const photos = input.photos.map((b64) => {
    const bytes = new Uint8Array(Buffer.from(b64, "base64"));
    if (bytes.byteLength > MAX_LEDGER_PHOTO_BYTES) throw new ApiError("payload_too_large", "ledger_photo_too_large");
    const image = decodeImage(bytes);
    if (!image) throw new ApiError("unsupported_media_type", "ledger_photo_not_image");
    return { bytes, contentType: image.contentType };
  });
  return { data, day: t.day, late: t.late, subject: def.subject?.(data as never) ?? null, derived, flagged: def.flag?.(data as never, { checklistSize }) ?? false, photos };
}
