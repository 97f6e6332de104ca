/** 自律台账: entries of every kind, staff files, 复核, completeness (server/ledgers). Convention: see contract.ts. */
import { api, apiUrl } from "../api.ts";
import type {
  CanteenChecklists, CanteenCompleteness, ChecklistsQuery, CompletenessOverview, RegionChecklist, RegionChecklists, SaveChecklist, CompletenessQuery, CorrectEntry, CreateEntry, CreateReview, CreateStaff, EntriesQuery, ExportQuery, LedgerEntry, LedgerEntryDetail, LedgerEntryPage, LedgerReview,
  OverviewQuery, ReviewList, StaffList, StaffMember,
} from "../../server/ledgers/contracts.ts";
import { type Answer, type Body, type QueryOf, seg } from "./contract.ts";

export type LedgerEntryView = Answer<typeof LedgerEntry>;
export type NewLedgerEntry = Body<typeof CreateEntry>;
export type StaffView = Answer<typeof StaffMember>;
export type CompletenessView = Answer<typeof CanteenCompleteness>;
export type OverviewView = Answer<typeof CompletenessOverview>;

/** the same idempotencyKey again answers the first entry: an offline phone may resend safely */
export const createLedgerEntry = (body: NewLedgerEntry) => api.post<LedgerEntryView>("/ledgers/entries", body);
export const listLedgerEntries = (query: QueryOf<typeof EntriesQuery>) => api.get<Answer<typeof LedgerEntryPage>>("/ledgers/entries", query);
export const getLedgerEntry = (id: string) => api.get<Answer<typeof LedgerEntryDetail>>(`/ledgers/entries/${seg(id)}`);
export const correctLedgerEntry = (id: string, body: Body<typeof CorrectEntry>) => api.post<LedgerEntryView>(`/ledgers/entries/${seg(id)}/corrections`, body);
export const ledgerPhotoUrl = (entryId: string, photoId: string) => apiUrl(`/ledgers/entries/${seg(entryId)}/photos/${seg(photoId)}`);

export const listStaff = (canteenId: string) => api.get<Answer<typeof StaffList>>("/ledgers/staff", { canteenId });
export const createStaff = (body: Body<typeof CreateStaff>) => api.post<StaffView>("/ledgers/staff", body);

export const createLedgerReview = (body: Body<typeof CreateReview>) => api.post<Answer<typeof LedgerReview>>("/ledgers/reviews", body);
export const listLedgerReviews = (canteenId: string) => api.get<Answer<typeof ReviewList>>("/ledgers/reviews", { canteenId });

export const ledgerCompleteness = (query: QueryOf<typeof CompletenessQuery>) => api.get<CompletenessView>("/ledgers/completeness", query);
export const ledgerOverview = (query: QueryOf<typeof OverviewQuery>) => api.get<OverviewView>("/ledgers/completeness/overview", query);

/** a ledger of one kind (or every kind) for a period as .xlsx or printable PDF: a link the browser downloads (the session cookie goes along) */
export const ledgerExportUrl = (query: QueryOf<typeof ExportQuery>) => apiUrl("/ledgers/export", query);

/** 自查 checklists (日管控、周排查、月调度): those in effect for a canteen; a region's, and a new version of one (its regulator) */
export type CanteenChecklistsView = Answer<typeof CanteenChecklists>;
export type RegionChecklistsView = Answer<typeof RegionChecklists>;
export type ChecklistItemView = CanteenChecklistsView["kinds"][number]["items"][number];
export const canteenChecklists = (canteenId: string) => api.get<CanteenChecklistsView>(`/canteens/${seg(canteenId)}/ledger-checklists`);
export const regionChecklists = (query: QueryOf<typeof ChecklistsQuery>) => api.get<RegionChecklistsView>("/ledgers/checklists", query);
export const saveChecklist = (body: Body<typeof SaveChecklist>) => api.post<Answer<typeof RegionChecklist>>("/ledgers/checklists", body);
