/** The demo history's wording (Chinese, as the people in the demo city would write it). */

/** Problems an inspection can find in each required patrol area; an order's items repeat them. */
export const PROBLEMS: Record<string, string[]> = {
  storage: ["库房食品离地离墙存放不足 10 厘米", "库房内发现过期调味品未及时清理", "库房防鼠板缺失"],
  rough_processing: ["粗加工区生熟用具未分开摆放", "蔬菜清洗池与肉类清洗池混用", "粗加工区地面积水"],
  cooking: ["烹饪区从业人员未佩戴口罩", "烹饪区排烟罩油垢较多", "烹饪区有人员使用手机"],
  prep_room: ["备餐间紫外线灯未开启", "备餐间人员未二次更衣", "备餐间成品未加盖"],
  washing: ["洗消区消毒记录不完整", "餐具消毒柜温度不达标", "洗消区保洁柜内有杂物"],
};
export const OUTCOME_OK = ["五个重点区域画面清晰，操作规范，未发现问题。", "巡查未见异常，晨检与留样记录齐全。", "各区域卫生状况良好，人员着装规范。"];
export const OUTCOME_ISSUES = "巡查发现问题，已现场告知学校并下发整改通知。";
/** What a school says it did, for an order's submission and for a disposed AI alert alike. */
export const DISPOSAL_NOTES = ["已现场制止并对相关人员进行批评教育", "已安排专人整改并加强巡查", "已组织全体从业人员培训"];
