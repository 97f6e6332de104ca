import type { CanteenDetail, Inspection } from "../../../client/types.ts";

export const CANTEEN_ID = "cnt_demo000001";

const area = (id: string, kind: CanteenDetail["areas"][number]["kind"], name: string) => ({ id, canteenId: CANTEEN_ID, kind, name });
const camera = (id: string, areaId: string, name: string, publicVisible: boolean, status: "online" | "offline" | "unknown" = "online") => ({
  id,
  canteenId: CANTEEN_ID,
  areaId,
  gatewayId: "gw_demo0000001",
  name,
  source: null,
  ptz: false,
  publicVisible,
  status,
  lastSeenAt: null,
});

/** The demo layout: the five required areas, two cameras in the cooking area. */
export function canteenDetail(): CanteenDetail {
  const areas = [
    area("ar_storage0001", "storage", "食品库房"),
    area("ar_rough000001", "rough_processing", "粗加工制作区"),
    area("ar_cooking0001", "cooking", "烹饪区"),
    area("ar_prep00000001", "prep_room", "备餐间"),
    area("ar_washing0001", "washing", "餐用具洗消区"),
  ];
  const cameras = [
    camera("cam_washing001", "ar_washing0001", "洗消区", true),
    camera("cam_storage001", "ar_storage0001", "库房-1", false, "offline"),
    camera("cam_rough00001", "ar_rough000001", "粗加工区", false),
    camera("cam_cooking001", "ar_cooking0001", "烹饪区-1", true),
    camera("cam_cooking002", "ar_cooking0001", "烹饪区-2", true),
    camera("cam_prep000001", "ar_prep00000001", "备餐间", true),
  ];
  return { id: CANTEEN_ID, orgId: "org_school000001", orgName: "鄂城区第一中学", name: "鄂城区第一中学食堂", licenseNo: null, grade: "A", publicSlug: "abcdefghij", areaCount: areas.length, cameraCount: cameras.length, areas, cameras, gateway: { state: "online", lastSeenAt: "2026-09-01T09:29:50.000+08:00" } };
}

/** What a parent gets from GET /canteens/:id: public-visible cameras only. */
export const publicDetail = (): CanteenDetail => {
  const d = canteenDetail();
  return { ...d, cameras: d.cameras.filter((c) => c.publicVisible), cameraCount: d.cameras.filter((c) => c.publicVisible).length };
};

export function inspection(extra: Partial<Inspection> = {}): Inspection {
  return {
    id: "ins_active000001",
    kind: "live_inspection",
    canteenId: CANTEEN_ID,
    canteenName: "鄂城区第一中学食堂",
    room: `canteen:${CANTEEN_ID}`,
    status: "active",
    startedBy: { id: "usr_inspector01", displayName: "鄂城区巡查员 张敏" },
    startedAt: "2026-09-01T09:30:00.000+08:00",
    endedAt: null,
    result: null,
    outcome: null,
    checklist: null,
    participants: [],
    reviewedAt: null,
    ...extra,
  };
}
