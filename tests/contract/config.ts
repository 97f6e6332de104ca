/**
 * The schemathesis configuration of the contract test: who calls (a regulator admin's session; the gateway's
 * device token for the gateway's operations; throwaway sessions for the two that end sessions), which fixture
 * each path's ids name, and 413/414 counted as correct refusals of invalid data. Two things no schema can say are
 * named here, each for the operations it concerns: an image must decode (413/415 for schema-valid random bytes),
 * and an alert's capture time must lie within the gateway's 7-day window around the server's clock (400).
 */
export interface Fixtures {
  url: string;
  tokens: { admin: string; principal: string; inspector: string; device: string; logout: string; logoutEverywhere: string; spotChecker: string; parent: string };
  ids: Record<
    | "orgId" | "canteenId" | "areaId" | "cameraId" | "gatewayId" | "userId" | "membershipId" | "inspectionId" | "snapshotId"
    | "annotationId" | "orderId" | "evidenceId" | "alertId" | "eventId" | "occurrenceAlertId" | "occurrenceId"
    | "drawId" | "draftDrawId" | "spotCheckId" | "planId"
    | "slug" | "complaintId" | "complaintCode" | "committeeMemberId" | "sessionId" | "questionId" | "frameId"
    | "staffId" | "ledgerEntryId" | "ledgerPhotoId" | "fieldTaskId" | "fieldPhotoId" | "noticeId",
    string
  >;
}

const q = (s: string) => JSON.stringify(s);
const operations = (regex: string, lines: string[]) => `[[operations]]\ninclude-path-regex = ${q(regex)}\n${lines.join("\n")}\n`;
const bearer = (token: string) => `headers = { Authorization = ${q(`Bearer ${token}`)} }`;
const accepting = (statuses: number[]) => `checks = { positive_data_acceptance = { expected-statuses = [${statuses.join(", ")}] } }`;
/** as `accepting`, for an operation whose 503 is its documented answer while a gateway is offline (not a server error) */
const acceptingOffline = (statuses: number[]) =>
  `checks = { positive_data_acceptance = { expected-statuses = [${statuses.join(", ")}] }, not_a_server_error = { expected-statuses = ["2xx", "3xx", "4xx", "503"] } }`;
/** what a schema-valid request may get from an operation whose image the schema cannot check */
const IMAGE_OPERATION = [200, 201, 401, 403, 404, 409, 413, 415, 429];
/** what a schema-valid request may get from the committee's and the viewing sessions' steps, whose state moves */
const VIEWING = [200, 201, 403, 404, 409];

export function contractConfig({ tokens, ids }: Fixtures): string {
  return [
    bearer(tokens.admin),
    `[checks.negative_data_rejection]\nexpected-statuses = [400, 401, 403, 404, 405, 409, 413, 414, 415, 422, 429]\n`,
    operations("^/api/v1/gateway/(config|heartbeat|recordings/challenges)$", [bearer(tokens.device)]),
    // recordings (issue 19): random camera and challenge ids name none of this gateway's (404); a random chain is refused inside a 200
    operations("^/api/v1/gateway/recordings/(anchors|challenges/\\{id\\})$", [bearer(tokens.device), accepting([200, 404])]),
    // playback (issue 19): a random playback id names none of this gateway's (404)
    operations("^/api/v1/gateway/playbacks/\\{id\\}/ended$", [bearer(tokens.device), accepting([200, 404])]),
    // playback: the fixture camera's gateway may be offline (503) or nothing recorded (400); random ids are 404; an ended one 409
    operations("^/api/v1/playback", [accepting([200, 201, 400, 404, 409, 503])]),
    // evidence clips (issue 19): random clip ids name none of this gateway's (404), an uploaded one is final (409)
    operations("^/api/v1/gateway/clips$", [bearer(tokens.device)]),
    operations("^/api/v1/gateway/clips/\\{id\\}$", [bearer(tokens.device), accepting([200, 400, 404, 409, 413])]),
    // clips: times the schema cannot bound (400), nothing recorded (409), the gateway offline (503), a list naming no
    // camera, canteen or target (400); random clip ids are 404; a range past the end 416; a random target of any type —
    // an order's problem (order_item) included — is none in scope (404)
    operations("^/api/v1/clips$", [accepting([200, 201, 400, 404, 409, 503])]),
    operations("^/api/v1/clips/\\{id\\}", [accepting([200, 206, 400, 404, 409, 416])]),
    // 数字变焦 (issue 17): the fixture camera's gateway may be offline or its source size unknown (503); a region the schema
    // cannot bound (under 16 source pixels, 400); random zoom ids name none (404), an answered one is final (409)
    operations("^/api/v1/cameras/\\{cameraId\\}/zoom$", [`parameters = { cameraId = ${q(ids.cameraId)} }`, acceptingOffline([202, 400, 404, 409, 503])]),
    operations("^/api/v1/zooms/\\{id\\}", [accepting([200, 201, 404, 409])]),
    operations("^/api/v1/gateway/zooms/\\{id\\}", [bearer(tokens.device), accepting([200, 400, 404, 409, 413, 415])]),
    // 发现摄像头 (issue 17): the fixture gateway is offline (503, its documented answer); a random request id names none
    // (404); adding a profile of a request that read no such profile is a 400/404/409
    operations("^/api/v1/gateways/\\{gatewayId\\}/onvif/", [`parameters = { gatewayId = ${q(ids.gatewayId)} }`, acceptingOffline([202, 400, 404, 409, 503])]),
    operations("^/api/v1/onvif/", [accepting([200, 201, 400, 404, 409])]),
    operations("^/api/v1/gateway/onvif/results$", [bearer(tokens.device), accepting([200, 400, 404, 409])]),
    operations("^/api/v1/gateway/alerts$", [bearer(tokens.device), accepting([...IMAGE_OPERATION, 400])]),
    operations("^/api/v1/snapshots$", [accepting(IMAGE_OPERATION)]),
    operations("^/api/v1/auth/logout$", [bearer(tokens.logout)]),
    operations("^/api/v1/auth/logout-everywhere$", [bearer(tokens.logoutEverywhere)]),
    operations("^/api/v1/orgs/\\{id\\}", [`parameters = { id = ${q(ids.orgId)} }`]),
    operations("^/api/v1/canteens/\\{id\\}", [`parameters = { id = ${q(ids.canteenId)} }`]),
    // 自律台账: the school writes (a regulator may not); what a schema cannot say — a time not in the future nor past the
    // backdating window, dates in order, a photo that decodes, a person of the canteen — is a 400/409/413/415
    // the public page's settings: hours are both set (opening first) or both cleared, else a 400 no schema can say
    operations("^/api/v1/canteens/\\{id\\}/disclosure$", [`parameters = { id = ${q(ids.canteenId)} }`, accepting([200, 400, 403, 404])]),
    operations("^/api/v1/canteens/\\{id\\}/ledger-settings$", [`parameters = { id = ${q(ids.canteenId)} }`, bearer(tokens.principal)]),
    operations("^/api/v1/ledgers/entries$", [`parameters = { canteenId = ${q(ids.canteenId)} }`, bearer(tokens.principal), accepting([...IMAGE_OPERATION, 400])]),
    operations("^/api/v1/ledgers/entries/\\{id\\}(/corrections)?$", [`parameters = { id = ${q(ids.ledgerEntryId)} }`, bearer(tokens.principal), accepting([...IMAGE_OPERATION, 400])]),
    operations("^/api/v1/ledgers/entries/\\{id\\}/photos/", [`parameters = { id = ${q(ids.ledgerEntryId)}, photoId = ${q(ids.ledgerPhotoId)} }`, bearer(tokens.principal)]),
    operations("^/api/v1/ledgers/staff$", [`parameters = { canteenId = ${q(ids.canteenId)} }`, bearer(tokens.principal), accepting([...IMAGE_OPERATION, 400])]),
    operations("^/api/v1/ledgers/staff/\\{id\\}", [`parameters = { id = ${q(ids.staffId)} }`, bearer(tokens.principal), accepting([...IMAGE_OPERATION, 400])]),
    operations("^/api/v1/ledgers/(reviews|completeness)$", [`parameters = { canteenId = ${q(ids.canteenId)} }`, bearer(tokens.principal), accepting([200, 201, 400, 401, 403, 404, 409, 429])]),
    // an export: a period backwards or over a year, or over the row limit, is a 400
    operations("^/api/v1/ledgers/export$", [`parameters = { canteenId = ${q(ids.canteenId)} }`, bearer(tokens.principal), accepting([200, 400, 401, 403, 404, 429])]),
    operations("^/api/v1/ledgers/completeness/overview$", [accepting([200, 400, 401, 403, 429])]),
    // 自查 checklists of a region: as the regulator admin of 鄂州; random regions are another's (403) or none (404); what no
    // schema can say — an item of another list, listed twice, one of the region's own without its wording — is a 400
    operations("^/api/v1/ledgers/checklists$", [`parameters = { regionCode = "420700" }`, accepting([200, 201, 400, 401, 403, 404, 429])]),
    // traceability (issue 15): the fixture canteen as its principal; what no schema can say — a supplier serving the canteen
    // (404), dates in order and a batch still good (400), a certificate that decodes (413/415), stock on hand (409); an
    // approval's consultation dated after today (400), or missing, or with nobody on the committee that day (409)
    operations("^/api/v1/trace/canteens/\\{id\\}", [`parameters = { id = ${q(ids.canteenId)} }`, bearer(tokens.principal), accepting([200, 201, 400, 403, 404, 409])]),
    // the school's supplier choices and the committee's consultation, as one of its parents (a random school: 404)
    operations("^/api/v1/trace/schools/\\{id\\}/suppliers$", [`parameters = { id = ${q(ids.orgId)} }`, bearer(tokens.parent), accepting([200, 401, 403, 404, 429])]),
    operations("^/api/v1/trace/", [accepting([...IMAGE_OPERATION, 400])]),
    // the overview (issue 16): a school's file by its id; schema-valid periods may be reversed, in the future or too
    // long (400), random regions and schools are none of the caller's (404)
    operations("^/api/v1/overview/units/\\{id\\}$", [`parameters = { id = ${q(ids.orgId)} }`, accepting([200, 401, 403, 404, 429])]),
    operations("^/api/v1/overview(/(cameras|survey|ranking|reports?|map|map/outlines))?$", [`parameters = { regionCode = "420700" }`, accepting([200, 400, 401, 403, 404, 429])]),
    // data exchange (issue 16, item 9): as the overview — schema-valid periods may be reversed, in the future or too long
    // (400), a random region is none of the caller's (404); a random cursor of the right pattern is a position (200)
    operations("^/api/v1/exchange/(schools|regions|units)$", [`parameters = { regionCode = "420700" }`, accepting([200, 400, 401, 403, 404, 429])]),
    // 应急指挥调度 (issue 16, item 8): a notice to 鄂城区 by the city admin, signed for by the demo school's principal; a
    // random region is none of the caller's (404), a region of the caller's without schools a 409
    operations("^/api/v1/notices/\\{id\\}/read$", [`parameters = { id = ${q(ids.noticeId)} }`, bearer(tokens.principal)]),
    operations("^/api/v1/notices/\\{id\\}$", [`parameters = { id = ${q(ids.noticeId)} }`]),
    // IoT sensors (issue 17): the gateway's two with the device token (random sensor ids are counted inside a 200); the people's:
    // a day that does not exist (2026-02-30) or a range ending before it starts or over 400 days is a 400 the schema cannot
    // express, random ids 404, a topic another sensor of the canteen has 409
    operations("^/api/v1/gateway/sensors(/readings)?$", [bearer(tokens.device)]),
    operations("^/api/v1/sensors", [accepting([200, 201, 400, 404, 409])]),
    operations("^/api/v1/notices$", [accepting([200, 201, 401, 403, 404, 409, 429])]),
    operations("^/api/v1/areas/\\{id\\}", [`parameters = { id = ${q(ids.areaId)} }`]),
    operations("^/api/v1/cameras/\\{id\\}", [`parameters = { id = ${q(ids.cameraId)} }`]),
    // a source the schema cannot check (a gb28181: source names two 20-digit ids) is a 400
    operations("^/api/v1/cameras$", [`parameters = { canteenId = ${q(ids.canteenId)} }`, accepting([200, 201, 400, 401, 403, 404, 409, 429])]),
    operations("^/api/v1/gateways/\\{id\\}", [`parameters = { id = ${q(ids.gatewayId)} }`]),
    operations("^/api/v1/users/\\{id\\}", [`parameters = { id = ${q(ids.userId)} }`]),
    operations("^/api/v1/memberships/\\{id\\}", [`parameters = { id = ${q(ids.membershipId)} }`]),
    // an inspection of a past time (issue 19): a time the schema cannot bound (in the future, older than 7 days) is a 400
    operations("^/api/v1/inspections$", [accepting([200, 201, 400, 401, 403, 404, 409])]),
    operations("^/api/v1/inspections/\\{id\\}", [`parameters = { id = ${q(ids.inspectionId)} }`]),
    operations("^/api/v1/snapshots/\\{id\\}", [`parameters = { id = ${q(ids.snapshotId)} }`]),
    operations("^/api/v1/annotations/\\{id\\}", [`parameters = { id = ${q(ids.annotationId)} }`, bearer(tokens.inspector)]),
    operations("^/api/v1/orders/\\{id\\}/submit$", [`parameters = { id = ${q(ids.orderId)} }`, bearer(tokens.principal), accepting(IMAGE_OPERATION)]),
    operations("^/api/v1/orders/\\{id\\}/acknowledge$", [`parameters = { id = ${q(ids.orderId)} }`, bearer(tokens.principal)]),
    operations("^/api/v1/(orders/\\{id\\}(/(return|accept|close))?|verify/order/\\{id\\})$", [`parameters = { id = ${q(ids.orderId)} }`]),
    operations("^/api/v1/evidence/\\{id\\}", [`parameters = { id = ${q(ids.evidenceId)} }`]),
    operations("^/api/v1/alerts/\\{id\\}/events/", [`parameters = { id = ${q(ids.alertId)}, eventId = ${q(ids.eventId)} }`]),
    operations("^/api/v1/alerts/\\{id\\}/occurrences/", [`parameters = { id = ${q(ids.occurrenceAlertId)}, occurrenceId = ${q(ids.occurrenceId)} }`]),
    operations("^/api/v1/alerts/\\{id\\}/dispose$", [`parameters = { id = ${q(ids.alertId)} }`, bearer(tokens.principal), accepting(IMAGE_OPERATION)]),
    operations("^/api/v1/alerts/\\{id\\}/(acknowledge|propose-false-positive)$", [`parameters = { id = ${q(ids.alertId)} }`, bearer(tokens.principal)]),
    operations("^/api/v1/alerts/acknowledge$", [bearer(tokens.principal)]),
    operations("^/api/v1/alerts/\\{id\\}(/(snapshot|verify|false-positive|return|reject-false-positive))?$", [`parameters = { id = ${q(ids.alertId)} }`]),
    // patrol (issue 12): a revealed draw; a draft (changed, then committed by the tester: 409 after that); a spot check of its inspector
    operations("^/api/v1/patrol/draws/\\{id\\}/reveal$", [`parameters = { id = ${q(ids.drawId)} }`, accepting([200, 401, 403, 404, 409])]),
    operations("^/api/v1/patrol/draws/\\{id\\}(/commit)?$", [`parameters = { id = ${q(ids.draftDrawId)} }`, accepting([200, 401, 403, 404, 409])]),
    operations("^/api/v1/(patrol/draws/\\{id\\}/verification|public/draws/\\{id\\})$", [`parameters = { id = ${q(ids.drawId)} }`]),
    operations("^/api/v1/patrol/spot-checks", [`parameters = { id = ${q(ids.spotCheckId)} }`, bearer(tokens.spotChecker), accepting([200, 401, 403, 404, 409])]),
    operations("^/api/v1/patrol/draws$", [accepting([200, 201, 400, 401, 403])]),
    operations("^/api/v1/patrol/plans/\\{id\\}", [`parameters = { id = ${q(ids.planId)} }`]),
    // a plan per region and year: the tester's second one of a year is a 409
    operations("^/api/v1/patrol/plans$", [accepting([200, 201, 400, 401, 403, 409])]),
    // a period whose end is before its start (the schema cannot order two dates) is a 400
    operations("^/api/v1/patrol/coverage$", [`parameters = { regionCode = "420700" }`, accepting([200, 400, 401, 403, 404])]),
    operations("^/api/v1/public/regions/", [`parameters = { code = "420700" }`]),
    // the public page: a complaint may carry a photo (413/415) and one address is throttled (429)
    operations("^/api/v1/public/canteens/\\{slug\\}/complaints$", [`parameters = { slug = ${q(ids.slug)} }`, accepting(IMAGE_OPERATION)]),
    operations("^/api/v1/public/canteens/\\{slug\\}/ratings$", [`parameters = { slug = ${q(ids.slug)} }`, accepting([201, 404, 429])]),
    operations("^/api/v1/public/canteens/\\{slug\\}/live-token$", [`parameters = { slug = ${q(ids.slug)} }`, accepting([200, 403, 404, 429])]),
    operations("^/api/v1/public/canteens/\\{slug\\}$", [`parameters = { slug = ${q(ids.slug)} }`]),
    operations("^/api/v1/public/complaints/\\{code\\}$", [`parameters = { code = ${q(ids.complaintCode)} }`]),
    operations("^/api/v1/complaints/\\{id\\}/answer$", [`parameters = { id = ${q(ids.complaintId)} }`, bearer(tokens.principal)]),
    // 投诉转整改: the first schema-valid body may issue (201), every later one is a 409; a random legal basis is a 404
    operations("^/api/v1/complaints/\\{id\\}/order$", [`parameters = { id = ${q(ids.complaintId)} }`, accepting([201, 403, 404, 409])]),
    operations("^/api/v1/complaints/\\{id\\}(/(photo|return|escalate|close))?$", [`parameters = { id = ${q(ids.complaintId)} }`]),
    // 靶向飞行 (issue 12): a task from the complaint, on site, run by its inspector; a photo's capture time the schema cannot
    // bound (400), a result without a photo or after cancelling (409), random sources (404)
    operations("^/api/v1/field-tasks/\\{id\\}/(start|photos|complete)$", [`parameters = { id = ${q(ids.fieldTaskId)} }`, bearer(tokens.inspector), accepting([...IMAGE_OPERATION, 400])]),
    operations("^/api/v1/field-tasks/\\{id\\}(/cancel)?$", [`parameters = { id = ${q(ids.fieldTaskId)} }`, accepting([200, 401, 403, 404, 409])]),
    operations("^/api/v1/field-photos/\\{id\\}/image$", [`parameters = { id = ${q(ids.fieldPhotoId)} }`]),
    operations("^/api/v1/field-inspectors$", [`parameters = { sourceKind = "complaint", sourceId = ${q(ids.complaintId)} }`, accepting([200, 401, 403, 404, 409])]),
    operations("^/api/v1/field-tasks$", [accepting([200, 201, 400, 401, 403, 404, 409])]),
    // 第十三条: the school's self-checks (a random canteen is a 404; a leader's patrol by another role a 403)
    operations("^/api/v1/self-checks$", [bearer(tokens.principal), accepting([201, 400, 401, 403, 404])]),
    operations("^/api/v1/patrol/(cadence|notices)$", [`parameters = { regionCode = "420700" }`]),
    // the committee and viewing sessions: the school's side as its principal, the parent's as an invited parent; steps
    // that change the session (end, a seat ended, a question answered) leave later calls a 403/404/409
    operations("^/api/v1/todo$", [bearer(tokens.principal)]),
    operations("^/api/v1/committee$", [`parameters = { orgId = ${q(ids.orgId)} }`, bearer(tokens.principal), accepting(VIEWING)]),
    operations("^/api/v1/committee/\\{id\\}$", [`parameters = { id = ${q(ids.committeeMemberId)} }`, bearer(tokens.principal), accepting(VIEWING)]),
    operations("^/api/v1/viewing-sessions$", [`parameters = { canteenId = ${q(ids.canteenId)} }`, bearer(tokens.principal), accepting(VIEWING)]),
    operations("^/api/v1/viewing-sessions/\\{id\\}/(token|questions|hand|evaluation)$", [`parameters = { id = ${q(ids.sessionId)} }`, bearer(tokens.parent), accepting(VIEWING)]),
    operations("^/api/v1/viewing-sessions/\\{id\\}(/(end|microphone))?$", [`parameters = { id = ${q(ids.sessionId)} }`, bearer(tokens.principal), accepting(VIEWING)]),
    // a parent's frozen frame: the bytes must decode (413/415 for random ones), the camera must be the session's (409)
    operations("^/api/v1/viewing-sessions/\\{id\\}/frames$", [`parameters = { id = ${q(ids.sessionId)} }`, bearer(tokens.parent), accepting([...VIEWING, 413, 415])]),
    operations("^/api/v1/viewing-frames/\\{id\\}/image$", [`parameters = { id = ${q(ids.frameId)} }`, bearer(tokens.principal), accepting(VIEWING)]),
    operations("^/api/v1/viewing-questions/\\{id\\}/(answer|hide)$", [`parameters = { id = ${q(ids.questionId)} }`, bearer(tokens.principal), accepting(VIEWING)]),
    operations("^/api/v1/viewing-evaluations/\\{id\\}/answer$", [bearer(tokens.principal), accepting(VIEWING)]),
  ].join("\n");
}
