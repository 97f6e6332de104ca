import { describe, expect, it } from "vitest";
import { builtinChecklist, type ChecklistVersion, checklistInEffect, checklistProblems, itemsToStore, passedProblems } from "../../server/ledgers/checklist.ts";
import { SaveChecklist } from "../../server/ledgers/contracts.ts";
import { tableOf } from "../../server/ledgers/export-table.ts";
import { DAILY_ITEMS, LEDGER_KINDS } from "../../server/ledgers/kinds.ts";
import { regionLadder } from "../../server/orgs/region-ladder.ts";

const version = (regionCode: string, n: number, items: ChecklistVersion["items"]): ChecklistVersion => ({ id: `lck_${regionCode}${n}`, regionCode, version: n, items });
const latest = (...vs: ChecklistVersion[]) => new Map(vs.map((v) => [v.regionCode, v]));
const ladder = regionLadder("420704"); // 鄂城区 → 鄂州市 → 湖北省

describe("the checklist in effect for a canteen (issue 14)", () => {
  it("is the built-in list when no region of its ladder adapts the kind", () => {
    const c = checklistInEffect("daily_control", ladder, latest(version("110000", 1, [{ key: "c_other", label: "别省的" }])));
    expect(c).toEqual(builtinChecklist("daily_control"));
    expect(c.items.map((i) => i.key)).toEqual([...DAILY_ITEMS]);
    expect(c).toMatchObject({ id: null, version: 0, regionCode: null });
  });

  it("is the nearest region's: the district before the city before the province", () => {
    const province = version("420000", 1, [{ key: "health_checked", label: null }]);
    const city = version("420700", 3, [{ key: "samples_kept", label: "留样到位" }]);
    const district = version("420704", 2, [{ key: "c_abc", label: "区里自定" }]);
    expect(checklistInEffect("daily_control", ladder, latest(province, city, district)).id).toBe(district.id);
    expect(checklistInEffect("daily_control", ladder, latest(province, city))).toEqual({ id: city.id, version: 3, regionCode: "420700", items: city.items });
    expect(checklistInEffect("daily_control", ladder, latest(province)).regionCode).toBe("420000");
  });

  it("passes over a region whose latest version stopped adapting (items null) to the one above", () => {
    const city = version("420700", 1, [{ key: "samples_kept", label: null }]);
    expect(checklistInEffect("daily_control", ladder, latest(city, version("420704", 4, null))).id).toBe(city.id);
    expect(checklistInEffect("daily_control", ladder, latest(version("420704", 4, null))).id).toBeNull();
  });
});

describe("an adaptation", () => {
  it("may keep, reword and remove built-in items, and add its own with a wording", () => {
    expect(checklistProblems("weekly_check", [{ key: "certificates_valid" }, { key: "cameras_online", label: "摄像头全部在线" }, { label: "燃气检查" }, { key: "c_k3j2", label: "上次自加的" }])).toEqual([]);
  });

  it("refuses another kind's key, a key twice, an item of its own without wording", () => {
    const problems = checklistProblems("weekly_check", [{ key: "health_checked" }, { key: "cameras_online" }, { key: "cameras_online" }, {}, { key: "c_x1", label: "" }]);
    expect(problems).toEqual([
      { path: "items.0.key", message: "not an item of this checklist" },
      { path: "items.2.key", message: "item listed twice" },
      { path: "items.3.label", message: "an item of the region's own needs its wording" },
      { path: "items.4.label", message: "an item of the region's own needs its wording" },
    ]);
  });

  it("gives each new item a fresh key and keeps the others' keys and wording", () => {
    let n = 0;
    expect(itemsToStore([{ key: "risks_listed" }, { label: "新增一项" }, { key: "c_keep", label: "保留" }], () => `c_new${++n}`)).toEqual([
      { key: "risks_listed", label: null },
      { key: "c_new1", label: "新增一项" },
      { key: "c_keep", label: "保留" },
    ]);
  });

  it("has its label held to the shared text rules and 60 characters at the edge", () => {
    const body = (label: string) => ({ regionCode: "420700", kind: "daily_control", items: [{ label }] });
    expect(SaveChecklist.safeParse(body("燃气阀门关闭")).success).toBe(true);
    expect(SaveChecklist.safeParse(body("检".repeat(60))).success).toBe(true);
    expect(SaveChecklist.safeParse(body("检".repeat(61))).success).toBe(false);
    expect(SaveChecklist.safeParse(body("两行\n文字")).success).toBe(false);
    expect(SaveChecklist.safeParse(body("   ")).success).toBe(false);
    expect(SaveChecklist.safeParse({ regionCode: "420700", kind: "daily_control", items: [] }).success).toBe(false);
    expect(SaveChecklist.safeParse({ regionCode: "420700", kind: "daily_control", items: null }).success).toBe(true);
    expect(SaveChecklist.safeParse({ regionCode: "420700", kind: "sample", items: null }).success).toBe(false);
  });
});

describe("an entry's ticks", () => {
  const city = { id: "lck_1", version: 2, regionCode: "420700", items: [{ key: "health_checked", label: null }, { key: "c_gas", label: "燃气检查" }] };

  it("must be items of the checklist in effect, each once", () => {
    expect(passedProblems(["c_gas", "health_checked"], city)).toEqual([]);
    expect(passedProblems(["samples_kept", "c_gas", "c_gas"], city)).toEqual([
      { path: "data.passed.0", message: "not an item of the checklist in effect" },
      { path: "data.passed.2", message: "item ticked twice" },
    ]);
  });

  it("flag the entry when fewer than the items in effect are ticked, not the built-in count", () => {
    const flag = LEDGER_KINDS.daily_control.flag!;
    const data = { passed: ["c_gas", "health_checked"] };
    expect(flag(data, { checklistSize: city.items.length })).toBe(false);
    expect(flag({ passed: ["c_gas"] }, { checklistSize: city.items.length })).toBe(true);
    expect(flag(data, { checklistSize: DAILY_ITEMS.length })).toBe(true);
  });
});

describe("an entry made against a region's checklist, exported", () => {
  it("names its ticks by the checklist it kept: the region's wording, else the built-in item's", () => {
    const checklist = { id: "lck_1", version: 1, regionCode: "420700", items: [{ key: "health_checked", label: null }, { key: "c_gas", label: "燃气阀门已关闭" }] };
    const entry = {
      id: "led_1", entryKey: "led_1", version: 1, supersedesId: null, supersededBy: null, reason: null, canteenId: "cnt_1", kind: "daily_control" as const, subject: null,
      data: { passed: ["health_checked", "c_gas"] }, derived: { checklist }, eventAt: "2026-12-05T02:00:00.000Z", day: "2026-12-05", enteredAt: "2026-12-05T02:00:00.000Z",
      enteredBy: { id: "usr_1", name: "李主任" }, late: false, flagged: false, seq: 1, hash: "0".repeat(64), photos: [],
    };
    const table = tableOf("zh-CN", "daily_control", [entry]);
    expect(table.rows[0]).toContain("从业人员晨检已完成、燃气阀门已关闭");
  });
});
