/**
 * The client's view of the API: types inferred from the server's zod contracts (type-only imports,
 * so no server code ends up in the bundle).
 */
import type { z } from "zod";
import type { Me as MeSchema, MembershipView as MembershipSchema, OrgKind as OrgKindSchema, Role as RoleSchema } from "../server/accounts/contracts.ts";
import type { Area as AreaSchema, AreaKind as AreaKindSchema, Camera as CameraSchema, Canteen as CanteenSchema, CanteenDetail as CanteenDetailSchema, CanteenPage as CanteenPageSchema, CreatedGateway as CreatedGatewaySchema, Gateway as GatewaySchema, Grade as GradeSchema } from "../server/canteens/contracts.ts";
import type { ErrorEnvelope as ErrorEnvelopeSchema } from "../server/contracts/common.ts";
import type { ChecklistItem as ChecklistItemSchema, Inspection as InspectionSchema, InspectionPage as InspectionPageSchema } from "../server/inspections/contracts.ts";
import type { ActiveInspectionSummary as ActiveInspectionSummarySchema, LiveToken as LiveTokenSchema } from "../server/live/contracts.ts";
import type { Org as OrgSchema, OrgPage as OrgPageSchema, Region as RegionSchema, SchoolPage as SchoolPageSchema, SchoolSummary as SchoolSummarySchema } from "../server/orgs/contracts.ts";
import type { User as UserSchema, UserPage as UserPageSchema } from "../server/accounts/user-contracts.ts";

export type Me = z.infer<typeof MeSchema>;
export type Membership = z.infer<typeof MembershipSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type OrgKind = z.infer<typeof OrgKindSchema>;
export type Region = z.infer<typeof RegionSchema>;
export type Org = z.infer<typeof OrgSchema>;
export type OrgPage = z.infer<typeof OrgPageSchema>;
export type SchoolSummary = z.infer<typeof SchoolSummarySchema>;
export type SchoolPage = z.infer<typeof SchoolPageSchema>;
export type AreaKind = z.infer<typeof AreaKindSchema>;
export type Grade = z.infer<typeof GradeSchema>;
export type Area = z.infer<typeof AreaSchema>;
export type Camera = z.infer<typeof CameraSchema>;
export type CameraStatus = Camera["status"];
export type Canteen = z.infer<typeof CanteenSchema>;
export type CanteenDetail = z.infer<typeof CanteenDetailSchema>;
export type CanteenPage = z.infer<typeof CanteenPageSchema>;
export type Gateway = z.infer<typeof GatewaySchema>;
export type CreatedGateway = z.infer<typeof CreatedGatewaySchema>;
export type User = z.infer<typeof UserSchema>;
export type UserPage = z.infer<typeof UserPageSchema>;
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;
export type LiveToken = z.infer<typeof LiveTokenSchema>;
/** the inspection in progress as every viewer may know it (a full Inspection is one too) */
export type ActiveInspectionSummary = z.infer<typeof ActiveInspectionSummarySchema>;
export type Inspection = z.infer<typeof InspectionSchema>;
export type InspectionPage = z.infer<typeof InspectionPageSchema>;
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;
export type ChecklistStatus = ChecklistItem["status"];

/** Permission names as the server spells them (a type-only import: the table itself stays on the server). */
export type { Permission } from "../server/auth/permissions.ts";

/** Runtime lists the forms need: the one dependency-free copy shared with the server. */
export { AREA_KINDS, CANTEEN_GRADES as GRADES, ORG_KINDS, REQUIRED_PATROL_AREAS, ROLES } from "../server/contracts/enums.ts";

export type { Snapshot } from "../server/snapshots/contracts.ts";
export type { Annotation, AnnotationState } from "../server/snapshots/annotation-contracts.ts";
export type { LegalBasis, Order, OrderEvent, OrderItem, OrderMessage, OrderSeverity, OrderStatus, OrderSummary, OrderVerification } from "../server/orders/contracts.ts";
import type { OrderPage as OrderPageSchema } from "../server/orders/contracts.ts";
import type { SnapshotPage as SnapshotPageSchema } from "../server/snapshots/contracts.ts";
export type OrderPage = z.infer<typeof OrderPageSchema>;
export type SnapshotPage = z.infer<typeof SnapshotPageSchema>;
export { ORDER_SEVERITIES, ORDER_STATUSES } from "../server/contracts/enums.ts";
import type { Alert as AlertSchema, AlertDetail as AlertDetailSchema, AlertEvent as AlertEventSchema, AlertMessage as AlertMessageSchema, AlertPage as AlertPageSchema, OpsTokens as OpsTokensSchema } from "../server/alerts/contracts.ts";
export type Alert = z.infer<typeof AlertSchema>;
export type AlertDetail = z.infer<typeof AlertDetailSchema>;
export type AlertEvent = z.infer<typeof AlertEventSchema>;
export type AlertPage = z.infer<typeof AlertPageSchema>;
export type AlertMessage = z.infer<typeof AlertMessageSchema>;
export type OpsTokens = z.infer<typeof OpsTokensSchema>;
export type AlertType = Alert["type"];
export type AlertStatus = Alert["status"];
