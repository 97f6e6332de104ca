/**
 * The fixed vocabularies of the domain, free of any dependency so that the database schema, the zod
 * contracts and the browser bundle all share one copy.
 */
export const ROLES = [
  "regulator_admin",
  "inspector",
  "education_officer",
  "principal",
  "food_safety_director",
  "food_safety_officer",
  "canteen_staff",
  "supplier_manager",
  "parent_rep",
] as const;

export const ORG_KINDS = ["regulator", "education", "school", "supplier"] as const;

/** 量化等级: A 优秀, B 良好, C 一般 */
export const CANTEEN_GRADES = ["A", "B", "C"] as const;

/** The first five kinds are the required online-patrol scope (seed 000 第二十一条). */
export const AREA_KINDS = ["storage", "rough_processing", "cooking", "prep_room", "washing", "sample_retention", "dining", "other"] as const;
export const REQUIRED_PATROL_AREAS = ["storage", "rough_processing", "cooking", "prep_room", "washing"] as const satisfies ReadonlyArray<(typeof AREA_KINDS)[number]>;

export const CAMERA_STATUSES = ["online", "offline", "unknown"] as const;

/**
 * IoT sensors (可感测, issue 17): temperature (and humidity) of fridges, cold rooms (冷冻) and 留样 cabinets; a UV
 * lamp's on/off; a disinfection cabinet's cycles (on/off and its temperature).
 */
export const SENSOR_KINDS = ["fridge", "cold_room", "sample_cabinet", "uv_lamp", "disinfection_cabinet"] as const;

export const INSPECTION_KINDS = ["online_patrol", "live_inspection", "spot_check", "parent_viewing", "self_check", "on_site_check", "leader_patrol"] as const;
/** The regulator's own patrols: what coverage and quotas count (a school's self-checks and leader patrols, 第十三条, do not). */
export const REGULATOR_INSPECTION_KINDS = ["online_patrol", "live_inspection", "spot_check", "on_site_check"] as const satisfies ReadonlyArray<(typeof INSPECTION_KINDS)[number]>;

/**
 * AI抓拍 violation types (issue 5). The first four come from the built-in COCO rules; the rest are what
 * vendors' kitchen models report (mapped from their labels by configuration); camera_offline is raised by
 * the server itself from camera status.
 */
export const ALERT_TYPES = [
  "after_hours_intrusion",
  "phone_use",
  "animal_intrusion",
  "post_absence",
  "no_mask",
  "no_hat",
  "no_uniform",
  "smoking",
  "rodent",
  "trash_overflow",
  "camera_offline",
  "recording_storage_low",
  "recording_tampered",
  "recording_missing",
  "pesticide_positive",
  "sensor_temperature",
  "uv_short",
  "disinfection_short",
  // 视频诊断 (issue 17): blurred, covered, black, frozen picture or a camera knocked off its angle
  "video_quality",
] as const;

/**
 * Raised by the server itself (camera status, recordings: issue 19; a positive 农残快检 in the ledger: issue 14),
 * never reported by a gateway's detector.
 */
export const SYSTEM_ALERT_TYPES = ["camera_offline", "recording_storage_low", "recording_tampered", "recording_missing", "pesticide_positive", "sensor_temperature", "uv_short", "disinfection_short"] as const satisfies ReadonlyArray<(typeof ALERT_TYPES)[number]>;

/** new → acknowledged → disposed → verified | false_positive (DESIGN §4). */
export const ALERT_STATUSES = ["new", "acknowledged", "disposed", "verified", "false_positive"] as const;
/** What can happen to an alert, one alert_events row each: the system raises, escalates and auto-closes. */
export const ALERT_EVENT_ACTIONS = [
  "raised",
  "acknowledged",
  "disposed",
  "fp_proposed",
  "fp_rejected",
  "returned",
  "verified",
  "false_positive",
  "escalated",
  "auto_closed",
] as const;

/** 整改通知 lifecycle (DESIGN §4, issue 4). */
export const ORDER_STATUSES = ["issued", "acknowledged", "submitted", "accepted", "closed"] as const;

/** 整改 problem severity (一般/较重/严重): each has a default deadline (server/orders/rules.ts). */
export const ORDER_SEVERITIES = ["minor", "major", "critical"] as const;

/** Default time to rectify per severity: 严重 1 day, 较重 7 days, 一般 15 days (server default and the issue dialog's). */
export const DEFAULT_DEADLINE_DAYS: Record<(typeof ORDER_SEVERITIES)[number], number> = { critical: 1, major: 7, minor: 15 };

/** What an order's timeline records: the transitions, and the sweep's reminder and escalation. */
export const ORDER_EVENT_TYPES = ["issued", "acknowledged", "submitted", "returned", "accepted", "closed", "overdue", "escalated"] as const;

/** Drawing tools of the shared annotation layer (issue 4). */
export const SHAPE_KINDS = ["rect", "arrow", "stroke", "text"] as const;

/** 一键投诉 categories (seed 002/004): what a member of the public complains about. */
export const COMPLAINT_CATEGORIES = ["hygiene", "food_quality", "foreign_object", "quantity", "price", "service", "other"] as const;
/** open → answered → closed; the regulator may return an answer (answered → open) or escalate an overdue one (a flag). */
export const COMPLAINT_STATUSES = ["open", "answered", "closed"] as const;
export const COMPLAINT_EVENT_TYPES = ["filed", "answered", "returned", "escalated", "closed", "ordered"] as const;
/** Default time the school has to answer a complaint (issue 13: 3 days). */
export const COMPLAINT_ANSWER_DAYS = 3;

/** MOE's parent meal committee: at least 7 members, at least one per grade. */
export const COMMITTEE_MIN_MEMBERS = 7;
/** 监督观看 (issue 13, item 2): scheduled → ended (the window closed, or the host ended it early) | cancelled. */
export const VIEWING_STATUSES = ["scheduled", "ended", "cancelled"] as const;
export const QUESTION_STATUSES = ["pending", "answered", "hidden"] as const;
/** Joining opens this long before the window and the reminder goes out this long before it. */
export const VIEWING_GRACE_MS = 5 * 60_000;

/** 调度通知 urgency (issue 16, item 8) */
export const DISPATCH_URGENCIES = ["normal", "urgent"] as const;
