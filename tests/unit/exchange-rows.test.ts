import { describe, expect, it } from "vitest";
import { figuresOf } from "../../server/overview/figures.ts";
import type { Collected } from "../../server/overview/collect.ts";
import { BOM, csvDocument, csvField, csvLine } from "../../server/exchange/csv.ts";
import { nextLink, wantsCsv } from "../../server/exchange/respond.ts";
import { parseCsv } from "../support/csv.ts";
import { cityOf, FIGURE_KEYS, flattenFigures, isNullableFigure, unitCsvRow, UNIT_KEYS, type UnitItem } from "../../server/exchange/rows.ts";

/** The data exchange's pure parts (issue 16, item 9): CSV encoding, the flat rows, content negotiation. */

describe("CSV fields and lines (RFC 4180)", () => {
  it("leaves plain text, Chinese and numbers bare; empties null and undefined", () => {
    expect(csvLine(["鄂城区第一中学", 42, 0.5, null, undefined, true, ""])).toBe("鄂城区第一中学,42,0.5,,,true,");
  });
  it("quotes a field with a comma, a quote (doubled), CR or LF, and nothing else", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField("第一行\n第二行")).toBe('"第一行\n第二行"');
    expect(csvField("a\rb")).toBe('"a\rb"');
    expect(csvField("，中文逗号")).toBe("，中文逗号");
    expect(csvField(" spaced ")).toBe(" spaced ");
  });
  it("writes a document: BOM, header row, CRLF after every line, columns in the given order", () => {
    const doc = csvDocument(["b", "a"] as const, [{ a: "x,y", b: 1 }, { a: null, b: 2 }]);
    expect(doc.startsWith(BOM)).toBe(true);
    expect(new TextEncoder().encode(doc).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(doc.slice(1)).toBe('b,a\r\n1,"x,y"\r\n2,\r\n');
  });
  it("round-trips through a strict RFC 4180 reader, line breaks and quotes included", () => {
    const rows = [{ k: '引号"与,逗号', n: "换\r\n行" }, { k: "普通", n: "" }];
    expect(parseCsv(csvDocument(["k", "n"] as const, rows).slice(1))).toEqual([["k", "n"], ['引号"与,逗号', "换\r\n行"], ["普通", ""]]);
  });
});

const empty: Collected = { canteens: [], cameras: [], alerts: new Map(), orders: new Map(), complaints: new Map(), ratings: new Map(), recorded: new Map(), recordableMs: 0 };
const collected: Collected = {
  canteens: [{ canteenId: "c1", canteenName: "一食堂", orgId: "o1", orgName: "一中", regionCode: "420704", platform: true, video: true, patrolled: true, ledgerDue: 10, ledgerDone: 7 }],
  cameras: [{ id: "k1", name: "烹饪区", canteenId: "c1", orgId: "o1", status: "online", rate: { measuredMs: 1, offlineMs: 0, rate: 0.75, windows: [] } }],
  alerts: new Map([["o1", { total: 4, open: 1, onTime: 2, overdue: 1, falsePositive: 0 }]]),
  orders: new Map([["o1", { issued: 3, open: 1, overdue: 0, closed: 2, closedOnTime: 2 }]]),
  complaints: new Map([["o1", { total: 2, open: 1, overdue: 0, answered: 1 }]]),
  ratings: new Map([["o1", { count: 3, stars: 13 }]]),
  recorded: new Map([["k1", 1_800_000]]),
  recordableMs: 3_600_000,
};

describe("the flat figures", () => {
  it("name every figure of the overview, and only those, in the documented order", () => {
    const flat = flattenFigures(figuresOf(collected, null));
    expect(Object.keys(flat)).toEqual([...FIGURE_KEYS]);
    expect(Object.keys(flattenFigures(figuresOf(empty, null)))).toEqual([...FIGURE_KEYS]);
  });
  it("carry the overview's values under their flat keys", () => {
    const f = figuresOf(collected, new Set(["o1"]));
    const flat = flattenFigures(f);
    expect(flat).toMatchObject({ schools: 1, coverageRate: 1, onlinePeriodRate: 0.75, onlinePeriodPercent: 75, alertsTotal: 4, alertsOnTimeRate: 2 / 3, ordersIssued: 3, patrolCovered: 1, ledgersDue: 10, ledgersRate: 0.7, complaintsAnswered: 1, ratingsCount: 3, ratingsAverage: 4.33 });
    expect(flat.onlineNowOnline).toBe(f.online.now.online);
  });
  it("are null only where a rate or percent has nothing to count", () => {
    const flat = flattenFigures(figuresOf(empty, null));
    for (const k of FIGURE_KEYS) expect(flat[k] === null ? isNullableFigure(k) : typeof flat[k] === "number", k).toBe(true);
    expect(flat.coverageRate).toBeNull();
    expect(flat.schools).toBe(0);
    expect([flat.ratingsCount, flat.ratingsAverage]).toEqual([0, null]);
  });
});

describe("a unit's CSV line", () => {
  const unit: UnitItem = {
    from: "2026-11-01", to: "2026-11-20", cityCode: "420700", cityName: "鄂州市", regionCode: "420704", regionName: "鄂城区", schoolId: "org_abcdef", schoolName: "鄂城区第一中学",
    canteens: [
      { id: "cnt_1", name: "学生食堂", licenseNo: "JY14207040000001", grade: "A", cameras: [] },
      { id: "cnt_2", name: "教工食堂", licenseNo: null, grade: null, cameras: [{ id: "cam_1", name: "烹饪区", status: "online", rate: 1, percent: 100 }] },
    ],
    cameras: 1, camerasOnline: 1, onlinePeriodRate: 1, onlinePeriodPercent: 100, inspections: 2, orders: 1, alerts: 3, complaints: 0,
  };
  it("joins the canteens' fields in the same order, a missing licence or grade as an empty place", () => {
    const row = unitCsvRow(unit);
    expect(Object.keys(row).sort()).toEqual([...UNIT_KEYS].sort());
    expect(row).toMatchObject({ canteenCount: 2, canteenIds: "cnt_1;cnt_2", canteenNames: "学生食堂;教工食堂", licenseNos: "JY14207040000001;", grades: "A;", inspections: 2, alerts: 3 });
  });
  it("has the school's city from its code", () => {
    expect(cityOf("420704")).toBe("420700");
    expect(cityOf("420700")).toBe("420700");
  });
});

describe("content negotiation and the next page's link", () => {
  it("takes format first, then an Accept naming text/csv", () => {
    expect(wantsCsv("csv", "application/json")).toBe(true);
    expect(wantsCsv("json", "text/csv")).toBe(false);
    expect(wantsCsv(undefined, "text/csv; charset=utf-8")).toBe(true);
    expect(wantsCsv(undefined, "application/json, TEXT/CSV;q=0.5")).toBe(true);
    expect(wantsCsv(undefined, "text/csvx")).toBe(false);
    expect(wantsCsv(undefined, undefined)).toBe(false);
  });
  it("links the same query with the cursor replaced", () => {
    expect(nextLink("http://x/api/v1/exchange/schools?format=csv&cursor=~a.~b&limit=5", "~c.~d")).toBe('</api/v1/exchange/schools?format=csv&cursor=%7Ec.%7Ed&limit=5>; rel="next"');
  });
});
