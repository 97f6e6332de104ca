import type { AREA_KINDS } from "../contracts/enums.ts";

/** Default display names of area kinds (seed 000 第二十一条 names the first five). */
export const AREA_NAMES_ZH: Record<(typeof AREA_KINDS)[number], string> = {
  storage: "食品库房",
  rough_processing: "粗加工制作区",
  cooking: "烹饪区",
  prep_room: "备餐间",
  washing: "餐用具洗消区",
  sample_retention: "留样间",
  dining: "就餐区",
  other: "其他",
};
