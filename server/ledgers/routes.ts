import { IdParam } from "../contracts/common.ts";
import { type App, callerOf } from "../http/env.ts";
import { imageOk } from "../http/images.ts";
import { apiRoute, jsonBody, jsonOk } from "../http/route.ts";
import { canteenChecklists, regionChecklists, saveChecklist } from "./checklists.ts";
import { canteenCompleteness, completenessOverview } from "./completeness.ts";
import {
  CanteenChecklists, CanteenCompleteness, ChecklistsQuery, CompletenessOverview, RegionChecklist, RegionChecklists, SaveChecklist, CompletenessQuery, CorrectEntry, CreateEntry, CreateReview, CreateStaff, EntriesQuery, ExportQuery, LedgerEntry, LedgerEntryDetail, LedgerEntryPage,
  LedgerReview, LedgerSettings, OverviewQuery, PhotoParams, ReviewList, ReviewsQuery, StaffList, StaffMember, StaffQuery, UpdateLedgerSettings, UpdateStaff,
} from "./contracts.ts";
import { EXPORT_TYPES, exportLedgers } from "./export.ts";
import { correctEntry, createEntry, entryPhoto, getEntry, listEntries } from "./service.ts";
import { createReview, createStaff, getSettings, listReviews, listStaff, staffPhoto, updateSettings, updateStaff } from "./staff.ts";

const tags = ["ledgers"];
const createEntryRoute = apiRoute("ledgers.write", {
  method: "post",
  path: "/api/v1/ledgers/entries",
  tags,
  summary: "A ledger entry of any kind of the registry (晨检、留样、清洗消毒、进货查验…), photos as base64; the same idempotencyKey again answers the first entry (200)",
  request: { body: jsonBody(CreateEntry) },
  responses: { 201: jsonOk(LedgerEntry, "recorded"), 200: jsonOk(LedgerEntry, "already recorded under this idempotency key") },
});
const listEntriesRoute = apiRoute("ledgers.read", {
  method: "get",
  path: "/api/v1/ledgers/entries",
  tags,
  summary: "A canteen's entries, newest day first (current versions unless history=true)",
  request: { query: EntriesQuery },
  responses: { 200: jsonOk(LedgerEntryPage) },
});
const getEntryRoute = apiRoute("ledgers.read", {
  method: "get",
  path: "/api/v1/ledgers/entries/{id}",
  tags,
  summary: "One version of an entry, with all its versions",
  request: { params: IdParam },
  responses: { 200: jsonOk(LedgerEntryDetail) },
});
const correctRoute = apiRoute("ledgers.write", {
  method: "post",
  path: "/api/v1/ledgers/entries/{id}/corrections",
  tags,
  summary: "A correction: a new version with a reason; the corrected version stays visible",
  request: { params: IdParam, body: jsonBody(CorrectEntry) },
  responses: { 201: jsonOk(LedgerEntry, "recorded"), 200: jsonOk(LedgerEntry, "already recorded under this idempotency key") },
});
const photoRoute = apiRoute("ledgers.read", {
  method: "get",
  path: "/api/v1/ledgers/entries/{id}/photos/{photoId}",
  tags,
  summary: "A photo of the entry, or the PDF certificate a delivery brought to its 进货查验 entry",
  request: { params: PhotoParams },
  responses: { 200: { ...imageOk("the photo (or PDF certificate) bytes"), content: { ...imageOk().content, "application/pdf": { schema: { type: "string" as const, format: "binary" } } } } },
});
const exportRoute = apiRoute("ledgers.read", {
  method: "get",
  path: "/api/v1/ledgers/export",
  tags,
  summary: "A canteen's ledger of one kind (or every kind) for a period as an .xlsx workbook or a printable PDF (current versions, Chinese labels)",
  request: { query: ExportQuery },
  responses: {
    200: {
      description: "the file (content-disposition: attachment)",
      content: { [EXPORT_TYPES.xlsx]: { schema: { type: "string" as const, format: "binary" } }, [EXPORT_TYPES.pdf]: { schema: { type: "string" as const, format: "binary" } } },
    },
  },
});
const createStaffRoute = apiRoute("ledgers.manage", {
  method: "post",
  path: "/api/v1/ledgers/staff",
  tags,
  summary: "从业人员档案: a person with position and health certificate (photo as base64)",
  request: { body: jsonBody(CreateStaff) },
  responses: { 201: jsonOk(StaffMember, "created") },
});
const listStaffRoute = apiRoute("ledgers.read", {
  method: "get",
  path: "/api/v1/ledgers/staff",
  tags,
  summary: "A canteen's staff with the state of their certificates (expired, expires today, within 7 or 30 days)",
  request: { query: StaffQuery },
  responses: { 200: jsonOk(StaffList) },
});
const updateStaffRoute = apiRoute("ledgers.manage", {
  method: "patch",
  path: "/api/v1/ledgers/staff/{id}",
  tags,
  summary: "Renew a certificate, change a position, or mark a person as gone",
  request: { params: IdParam, body: jsonBody(UpdateStaff) },
  responses: { 200: jsonOk(StaffMember) },
});
const staffPhotoRoute = apiRoute("ledgers.read", {
  method: "get",
  path: "/api/v1/ledgers/staff/{id}/certificate-photo",
  tags,
  request: { params: IdParam },
  responses: { 200: imageOk("the certificate photo") },
});
const createReviewRoute = apiRoute("ledgers.review", {
  method: "post",
  path: "/api/v1/ledgers/reviews",
  tags,
  summary: "复核 of a day's ledgers, or the principal's weekly sign-off",
  request: { body: jsonBody(CreateReview) },
  responses: { 201: jsonOk(LedgerReview, "recorded") },
});
const listReviewsRoute = apiRoute("ledgers.read", {
  method: "get",
  path: "/api/v1/ledgers/reviews",
  tags,
  request: { query: ReviewsQuery },
  responses: { 200: jsonOk(ReviewList) },
});
const completenessRoute = apiRoute("ledgers.read", {
  method: "get",
  path: "/api/v1/ledgers/completeness",
  tags,
  summary: "What a canteen's ledgers still miss over a period (default today): per kind, due, done, and who or which meal",
  request: { query: CompletenessQuery },
  responses: { 200: jsonOk(CanteenCompleteness) },
});
const overviewRoute = apiRoute("ledgers.read", {
  method: "get",
  path: "/api/v1/ledgers/completeness/overview",
  tags,
  summary: "Completeness of every canteen in scope, per district and in total, over a period",
  request: { query: OverviewQuery },
  responses: { 200: jsonOk(CompletenessOverview) },
});
const getSettingsRoute = apiRoute("ledgers.read", {
  method: "get",
  path: "/api/v1/canteens/{id}/ledger-settings",
  tags,
  summary: "A canteen's meals, backdating window and cadence per kind",
  request: { params: IdParam },
  responses: { 200: jsonOk(LedgerSettings) },
});
const updateSettingsRoute = apiRoute("ledgers.manage", {
  method: "patch",
  path: "/api/v1/canteens/{id}/ledger-settings",
  tags,
  request: { params: IdParam, body: jsonBody(UpdateLedgerSettings) },
  responses: { 200: jsonOk(LedgerSettings) },
});
const regionChecklistsRoute = apiRoute("checklists.read", {
  method: "get",
  path: "/api/v1/ledgers/checklists",
  tags,
  summary: "食品安全自查 checklists (日管控、周排查、月调度) of a region: its own latest version, the one in effect, the one it inherits",
  request: { query: ChecklistsQuery },
  responses: { 200: jsonOk(RegionChecklists) },
});
const saveChecklistRoute = apiRoute("checklists.manage", {
  method: "post",
  path: "/api/v1/ledgers/checklists",
  tags,
  summary: "A new version of a region's checklist of a kind: built-in items kept, reworded or removed, its own added (items null: stop adapting)",
  request: { body: jsonBody(SaveChecklist) },
  responses: { 201: jsonOk(RegionChecklist, "recorded") },
});
const canteenChecklistsRoute = apiRoute("ledgers.read", {
  method: "get",
  path: "/api/v1/canteens/{id}/ledger-checklists",
  tags,
  summary: "The 自查 checklists in effect for a canteen: its nearest region's (district, city, province), else the built-in ones",
  request: { params: IdParam },
  responses: { 200: jsonOk(CanteenChecklists) },
});

export function ledgerRoutes(app: App) {
  app.openapi(createEntryRoute, async (c) => {
    const { entry, created } = await createEntry(callerOf(c), c.req.valid("json"));
    return created ? c.json(entry, 201) : c.json(entry, 200);
  });
  app.openapi(listEntriesRoute, async (c) => c.json(await listEntries(c.var.deps.db, c.var.scope, c.req.valid("query")), 200));
  app.openapi(getEntryRoute, async (c) => c.json(await getEntry(c.var.deps.db, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(correctRoute, async (c) => {
    const { entry, created } = await correctEntry(callerOf(c), c.req.valid("param").id, c.req.valid("json"));
    return created ? c.json(entry, 201) : c.json(entry, 200);
  });
  app.openapi(photoRoute, async (c) => entryPhoto(c.var.deps, c.var.scope, c.req.valid("param").id, c.req.valid("param").photoId));
  app.openapi(exportRoute, async (c) => exportLedgers(c.var.deps, c.var.scope, c.req.valid("query")));
  app.openapi(createStaffRoute, async (c) => c.json(await createStaff(callerOf(c), c.req.valid("json")), 201));
  app.openapi(listStaffRoute, async (c) => c.json(await listStaff(c.var.deps, c.var.scope, c.req.valid("query").canteenId), 200));
  app.openapi(updateStaffRoute, async (c) => c.json(await updateStaff(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(staffPhotoRoute, async (c) => staffPhoto(c.var.deps, c.var.scope, c.req.valid("param").id));
  app.openapi(createReviewRoute, async (c) => c.json(await createReview(callerOf(c), c.req.valid("json")), 201));
  app.openapi(listReviewsRoute, async (c) => c.json(await listReviews(c.var.deps, c.var.scope, c.req.valid("query")), 200));
  app.openapi(completenessRoute, async (c) => c.json(await canteenCompleteness(c.var.deps, c.var.scope, c.req.valid("query")), 200));
  app.openapi(overviewRoute, async (c) => c.json(await completenessOverview(c.var.deps, c.var.scope, c.req.valid("query")), 200));
  app.openapi(getSettingsRoute, async (c) => c.json(await getSettings(c.var.deps, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(regionChecklistsRoute, async (c) => c.json(await regionChecklists(c.var.deps, c.var.scope, c.req.valid("query").regionCode), 200));
  app.openapi(saveChecklistRoute, async (c) => c.json(await saveChecklist(callerOf(c), c.req.valid("json")), 201));
  app.openapi(canteenChecklistsRoute, async (c) => c.json(await canteenChecklists(c.var.deps, c.var.scope, c.req.valid("param").id), 200));
  app.openapi(updateSettingsRoute, async (c) => c.json(await updateSettings(callerOf(c), c.req.valid("param").id, c.req.valid("json")), 200));
}
