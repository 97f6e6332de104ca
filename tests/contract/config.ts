/**
 * The schemathesis configuration of the contract test: who calls (a regulator admin's session; the gateway's
 * device token for the gateway's operations; throwaway sessions for the two that end sessions), which fixture
 * each path's ids name, and 413/414 counted as correct refusals of invalid data. Two things no schema can say are
 * named here, each for the operations it concerns: an image must decode (413/415 for schema-valid random bytes),
 * and an alert's capture time must lie within the gateway's 7-day window around the server's clock (400).
 */
export interface Fixtures {
  url: string;
  tokens: { admin: string; principal: string; inspector: string; device: string; logout: string; logoutEverywhere: string };
  ids: Record<
    | "orgId" | "canteenId" | "areaId" | "cameraId" | "gatewayId" | "userId" | "membershipId" | "inspectionId" | "snapshotId"
    | "annotationId" | "orderId" | "evidenceId" | "alertId" | "eventId" | "occurrenceAlertId" | "occurrenceId"
    | "staffId" | "ledgerEntryId" | "ledgerPhotoId",
    string
  >;
}

const q = (s: string) => JSON.stringify(s);
const operations = (regex: string, lines: string[]) => `[[operations]]\ninclude-path-regex = ${q(regex)}\n${lines.join("\n")}\n`;
const bearer = (token: string) => `headers = { Authorization = ${q(`Bearer ${token}`)} }`;
const accepting = (statuses: number[]) => `checks = { positive_data_acceptance = { expected-statuses = [${statuses.join(", ")}] } }`;
/** what a schema-valid request may get from an operation whose image the schema cannot check */
const IMAGE_OPERATION = [200, 201, 401, 403, 404, 409, 413, 415, 429];

export function contractConfig({ tokens, ids }: Fixtures): string {
  return [
    bearer(tokens.admin),
    `[checks.negative_data_rejection]\nexpected-statuses = [400, 401, 403, 404, 405, 409, 413, 414, 415, 422, 429]\n`,
    operations("^/api/v1/gateway/(config|heartbeat)$", [bearer(tokens.device)]),
    operations("^/api/v1/gateway/alerts$", [bearer(tokens.device), accepting([...IMAGE_OPERATION, 400])]),
    operations("^/api/v1/snapshots$", [accepting(IMAGE_OPERATION)]),
    operations("^/api/v1/auth/logout$", [bearer(tokens.logout)]),
    operations("^/api/v1/auth/logout-everywhere$", [bearer(tokens.logoutEverywhere)]),
    operations("^/api/v1/orgs/\\{id\\}", [`parameters = { id = ${q(ids.orgId)} }`]),
    operations("^/api/v1/canteens/\\{id\\}", [`parameters = { id = ${q(ids.canteenId)} }`]),
    // 自律台账: the school writes (a regulator may not); what a schema cannot say — a time not in the future nor past the
    // backdating window, dates in order, a photo that decodes, a person of the canteen — is a 400/409/413/415
    operations("^/api/v1/canteens/\\{id\\}/ledger-settings$", [`parameters = { id = ${q(ids.canteenId)} }`, bearer(tokens.principal)]),
    operations("^/api/v1/ledgers/entries$", [`parameters = { canteenId = ${q(ids.canteenId)} }`, bearer(tokens.principal), accepting([...IMAGE_OPERATION, 400])]),
    operations("^/api/v1/ledgers/entries/\\{id\\}(/corrections)?$", [`parameters = { id = ${q(ids.ledgerEntryId)} }`, bearer(tokens.principal), accepting([...IMAGE_OPERATION, 400])]),
    operations("^/api/v1/ledgers/entries/\\{id\\}/photos/", [`parameters = { id = ${q(ids.ledgerEntryId)}, photoId = ${q(ids.ledgerPhotoId)} }`, bearer(tokens.principal)]),
    operations("^/api/v1/ledgers/staff$", [`parameters = { canteenId = ${q(ids.canteenId)} }`, bearer(tokens.principal), accepting([...IMAGE_OPERATION, 400])]),
    operations("^/api/v1/ledgers/staff/\\{id\\}", [`parameters = { id = ${q(ids.staffId)} }`, bearer(tokens.principal), accepting([...IMAGE_OPERATION, 400])]),
    operations("^/api/v1/ledgers/(reviews|completeness)$", [`parameters = { canteenId = ${q(ids.canteenId)} }`, bearer(tokens.principal), accepting([200, 201, 400, 401, 403, 404, 409, 429])]),
    operations("^/api/v1/ledgers/completeness/overview$", [accepting([200, 400, 401, 403, 429])]),
    operations("^/api/v1/areas/\\{id\\}", [`parameters = { id = ${q(ids.areaId)} }`]),
    operations("^/api/v1/cameras/\\{id\\}", [`parameters = { id = ${q(ids.cameraId)} }`]),
    operations("^/api/v1/cameras$", [`parameters = { canteenId = ${q(ids.canteenId)} }`]),
    operations("^/api/v1/gateways/\\{id\\}", [`parameters = { id = ${q(ids.gatewayId)} }`]),
    operations("^/api/v1/users/\\{id\\}", [`parameters = { id = ${q(ids.userId)} }`]),
    operations("^/api/v1/memberships/\\{id\\}", [`parameters = { id = ${q(ids.membershipId)} }`]),
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
  ].join("\n");
}
