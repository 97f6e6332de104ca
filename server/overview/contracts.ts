import { z } from "zod";
import { Id, IsoTime, RegionCode } from "../contracts/common.ts";
import { Day } from "../ledgers/kinds.ts";
import { CandidateRisk } from "../patrol/contracts.ts";

/** The regulator's overview (issue 16): request and response shapes, one contract for both sides. */

const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month must be YYYY-MM")
  .refine((m) => m >= "2000-01", "month must be 2000-01 or later");

/** where to look: a region (province, city, district: default the caller's own) or one school; a period of China days */
export const OverviewQuery = z.strictObject({
  regionCode: RegionCode.optional(),
  schoolId: Id.optional(),
  from: Day.optional(),
  to: Day.optional(),
});
export const SurveyQuery = z.strictObject({ regionCode: RegionCode.optional() });
export const ReportQuery = z.strictObject({ month: Month, regionCode: RegionCode.optional() });
/** edition: the one kept on the report day (scheduled) or at the month's close (final); default the month as it stands */
export const ReportFileQuery = ReportQuery.extend({ format: z.enum(["xlsx", "pdf"]), edition: z.enum(["scheduled", "final"]).optional() });

export const Level = z.enum(["province", "city", "district", "school"]);
const Rate = z.number().nullable().describe("a share 0–1; null when there is nothing to count");
export const Place = z.object({ code: z.string(), name: z.string(), level: Level });

export const Coverage = z.object({
  /** school canteens registered in the area */
  registered: z.number(),
  /** with a gateway on the platform (接入监管平台) */
  platform: z.number(),
  /** with cameras (接入视频监控) */
  video: z.number(),
  /** both: 已符合“互联网+明厨亮灶” */
  both: z.number(),
  rate: Rate,
});
export const Online = z.object({
  now: z.object({ cameras: z.number(), online: z.number(), rate: Rate }),
  period: z.object({ cameras: z.number(), measured: z.number(), rate: Rate, percent: z.number().nullable(), outages: z.number(), offlineHours: z.number() }),
});
export const AlertFigures = z.object({ total: z.number(), open: z.number(), disposedOnTime: z.number(), overdue: z.number(), falsePositive: z.number(), onTimeRate: Rate, falsePositiveRate: Rate });
export const OrderFigures = z.object({ issued: z.number(), open: z.number(), overdue: z.number(), closed: z.number(), closedOnTime: z.number(), onTimeRate: Rate });
export const PatrolFigures = z.object({ from: z.string(), to: z.string(), total: z.number(), covered: z.number(), rate: Rate });
export const LedgerFigures = z.object({ due: z.number(), done: z.number(), rate: Rate });
export const ComplaintFigures = z.object({ total: z.number(), open: z.number(), overdue: z.number(), answered: z.number() });
/** the public page's 1–5 ratings of the period: how many, and their mean (null: none) */
export const RatingFigures = z.object({ count: z.number(), average: z.number().nullable() });
/** 录像完整率 (issue 19): the cameras' recorded hours over the hours of the period so far */
export const RecordingFigures = z.object({ cameras: z.number(), recordedHours: z.number(), rate: Rate });

/** the figures of one area (the whole, or one row of its breakdown) */
export const Figures = z.object({
  schools: z.number(),
  coverage: Coverage,
  online: Online,
  alerts: AlertFigures,
  orders: OrderFigures,
  patrol: PatrolFigures.omit({ from: true, to: true }),
  ledgers: LedgerFigures,
  complaints: ComplaintFigures,
  ratings: RatingFigures,
  recording: RecordingFigures,
});

/** the list behind each figure: a page of the client, its filters in the query */
export const Links = z.record(z.string(), z.string());

export const OverviewRow = Figures.extend({
  key: z.string(),
  name: z.string(),
  kind: z.enum(["region", "school"]),
  /** the overview one level down */
  drill: z.string(),
});

export const CameraRow = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["online", "offline", "unknown"]),
  rate: Rate,
  percent: z.number().nullable(),
  windows: z.array(z.object({ from: IsoTime, to: IsoTime, ongoing: z.boolean() })),
});

/** A red warning listed on the overview (issue 16 item 6): flagged once its deadline passed with nothing done. */
export const RiskWarningItem = z.object({
  id: z.string(),
  canteenId: z.string(),
  canteenName: z.string(),
  district: z.string(),
  districtName: z.string(),
  score: z.number().int(),
  openedAt: IsoTime,
  dueAt: IsoTime,
  flaggedAt: IsoTime.nullable(),
});
/** The area's open red warnings: counts, and the flagged ones first (oldest first), at most 20 listed. */
export const RiskWarnings = z.object({ open: z.number().int(), flagged: z.number().int(), items: z.array(RiskWarningItem) });
/** On `risk` in ops rooms: a district's red warnings went unanswered past their deadline (to it and the levels above). */
export const RiskMessage = z.object({ type: z.literal("risk.flagged"), district: z.string(), count: z.number().int(), at: IsoTime });

export const Overview = z.object({
  level: Level,
  place: Place,
  /** the school, at school level */
  school: z.object({ id: z.string(), name: z.string(), canteenIds: z.array(z.string()) }).nullable(),
  /** from the caller's top region down to here */
  trail: z.array(Place),
  period: z.object({ from: z.string(), to: z.string(), asOf: IsoTime, current: z.boolean(), semesterFrom: z.string(), semesterTo: z.string() }),
  total: Figures,
  links: Links,
  rows: z.array(OverviewRow),
  /** at school level: every camera with its rate and offline windows */
  cameras: z.array(CameraRow),
  /** the ten canteens of highest risk, each factor with its points (the patrol's risk grades, one module), and
   * each one's score over the last 30 days (oldest first; null: no score kept that day) */
  risk: z.array(CandidateRisk.extend({ trend: z.array(z.number().int().nullable()) })),
  /** red warnings of the area: open, and those flagged because nobody acted in time */
  warnings: RiskWarnings,
});

export const SurveyCategory = z.enum(["both", "platform_only", "video_only", "neither"]);
const SurveyCounts = z.object({ both: z.number(), platform_only: z.number(), video_only: z.number(), neither: z.number(), total: z.number() });
export const Survey = z.object({
  place: Place,
  total: SurveyCounts,
  rows: z.array(SurveyCounts.extend({ code: z.string(), name: z.string() })),
  /** the units still to connect (not both), at most 500 listed */
  toConnect: z.array(z.object({ orgId: z.string(), orgName: z.string(), canteenId: z.string(), canteenName: z.string(), regionCode: z.string(), regionName: z.string(), category: SurveyCategory })),
  toConnectTotal: z.number(),
});

export const RankRow = z.object({
  rank: z.number(),
  key: z.string(),
  name: z.string(),
  coverage: Rate,
  onlineRate: Rate,
  disposalOnTime: Rate,
  patrolCoverage: Rate,
  /** the mean of the four scored targets present (equal weights) */
  score: Rate,
});
export const Ranking = z.object({
  month: z.string(),
  provisional: z.boolean(),
  place: Place,
  period: z.object({ from: z.string(), to: z.string(), asOf: IsoTime }),
  total: z.object({ coverage: Rate, onlineRate: Rate, onlinePercent: z.number().nullable(), disposalOnTime: Rate, patrolCoverage: Rate, score: Rate }),
  regions: z.array(RankRow),
  schools: z.array(RankRow),
  weights: z.record(z.string(), z.number()),
});

export const CameraList = z.object({
  place: Place,
  period: z.object({ from: z.string(), to: z.string() }),
  online: Online,
  /** cameras in the area (at most 200 listed, the worst first) */
  total: z.number(),
  items: z.array(CameraRow),
});

/** 一户一档: one school's file, printable */
export const UnitFile = z.object({
  school: z.object({ id: z.string(), name: z.string(), regionCode: z.string() }),
  trail: z.array(Place),
  /** the last 30 days */
  period: z.object({ from: z.string(), to: z.string(), asOf: IsoTime }),
  canteens: z.array(z.object({ id: z.string(), name: z.string(), licenseNo: z.string().nullable(), grade: z.string().nullable() })),
  figures: Figures,
  cameras: z.array(CameraRow),
  inspections: z.array(z.object({ id: z.string(), kind: z.string(), status: z.string(), startedAt: IsoTime, result: z.string().nullable(), outcome: z.string().nullable() })),
  orders: z.array(z.object({ id: z.string(), number: z.string(), status: z.string(), overdue: z.boolean(), issuedAt: IsoTime, deadline: IsoTime })),
  alerts: z.array(z.object({ id: z.string(), type: z.string(), status: z.string(), occurredAt: IsoTime })),
  complaints: z.array(z.object({ id: z.string(), code: z.string(), category: z.string(), status: z.string(), createdAt: IsoTime })),
});

export const ReportList = z.object({
  place: Place,
  items: z.array(z.object({ month: z.string(), edition: z.enum(["scheduled", "final"]), generatedAt: IsoTime })),
});

/** 食安地图 (issue 16, item 7): the schools of a region (default the caller's), compact — one array per column */
export const MapQuery = z.strictObject({ regionCode: RegionCode.optional() });
const Column = <T extends z.ZodType>(t: T) => z.array(t);
export const SchoolMap = z.object({
  place: Place,
  asOf: IsoTime,
  /** the i-th entry of every column is one school: those of the area with a position */
  schools: z.object({
    id: Column(z.string()),
    name: Column(z.string()),
    /** WGS-84 degrees, 5 decimals */
    lat: Column(z.number()),
    lng: Column(z.number()),
    /** cameras, and how many of them are online now */
    cameras: Column(z.number().int()),
    online: Column(z.number().int()),
    /** open AI alerts (new or acknowledged) */
    alerts: Column(z.number().int()),
    /** the highest risk grade of the school's canteens (server/patrol): 0 low, 1 medium, 2 high, -1 no canteen */
    risk: Column(z.number().int().min(-1).max(2)),
  }),
  /** schools of the area with no position yet (an admin sets one on the organisations page) */
  unplaced: z.number().int(),
  /** [west, south, east, north] of the placed schools; null when none is placed */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
});

const Polygon = z.array(z.array(z.array(z.number()))).describe("rings of [lng, lat] positions");
export const MapOutlines = z.object({
  place: Place,
  /** true: the product's 示意 outlines, not a map; false: the operator's map (MAP_GEOJSON_FILE) */
  illustrative: z.boolean(),
  /** the official map's 审图号, when the operator configured one */
  approvalNo: z.string().nullable(),
  /** a GeoJSON FeatureCollection: the outlines of the region and the regions below it */
  outlines: z.object({
    type: z.literal("FeatureCollection"),
    features: z.array(
      z.object({
        type: z.literal("Feature"),
        properties: z.object({ code: z.string(), name: z.string() }),
        geometry: z.discriminatedUnion("type", [
          z.object({ type: z.literal("Polygon"), coordinates: Polygon }),
          z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(Polygon) }),
        ]),
      }),
    ),
  }),
});
