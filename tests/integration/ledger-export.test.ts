/**
 * Ledger exports (issue 14, item 6) through the API: an .xlsx workbook read back with exceljs and a printable PDF
 * whose text (pdftotext, poppler) holds the Chinese rows — the canteen, the kind, the people, the dishes, the
 * named options — one exporter for every kind; scope (a foreign district 404, a parent 403) and bad input (400).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canteens, orgs } from "../../db/schema/index.ts";
import { addDays, chinaDay } from "../../server/ledgers/rules.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
const tk = {} as Record<"staff" | "director" | "inspector" | "foreignInspector" | "parent", string>;
let canteenId: string;
let n = 0;
const today = () => chinaDay(Date.now());
const dir = mkdtempSync(join(tmpdir(), "ledger-export-"));

async function download(path: string, token: string, lang = "zh-CN") {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}`, "accept-language": lang } });
  return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), bytes: new Uint8Array(await res.arrayBuffer()) };
}
async function entry(kind: string, data: Record<string, unknown>) {
  const res = await t.call("POST", "/api/v1/ledgers/entries", { token: tk.staff, body: { kind, canteenId, idempotencyKey: `export-${++n}-${Date.now()}`, eventAt: new Date(Date.now() - 60_000).toISOString(), data } });
  expect(res.status, res.text).toBe(201);
  return res.json;
}
async function sheets(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as never);
  return Object.fromEntries(wb.worksheets.map((ws) => [ws.name, ws.getSheetValues().slice(1).map((r) => (Array.isArray(r) ? r.slice(1).map((v) => (v === undefined || v === null ? "" : String(v))) : []))]));
}
function pdfText(bytes: Uint8Array) {
  const file = join(dir, `export-${++n}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

beforeAll(async () => {
  t = await startTestApp();
  tk.staff = await t.login("school.staff");
  tk.director = await t.login("school.director");
  tk.inspector = await t.login("echeng.inspector");
  tk.foreignInspector = await t.login("huarong.inspector");
  tk.parent = await t.login("school.parent");
  const [org] = await t.db.select().from(orgs).where(eq(orgs.name, "鄂城区第一中学"));
  canteenId = (await t.db.select().from(canteens).where(eq(canteens.orgId, org!.id)))[0]!.id;
  const person = await t.call("POST", "/api/v1/ledgers/staff", { token: tk.director, body: { canteenId, name: "王建国", position: "厨师", certificateNo: "HC420700001", certificateIssuedOn: "2025-06-01", certificateExpiresOn: addDays(today(), 200) } });
  expect(person.status, person.text).toBe(201);
  await entry("morning_check", { staffId: person.json.id, temperature: 36.5, symptoms: [], fit: true });
  await entry("morning_check", { staffId: person.json.id, temperature: 37.8, symptoms: ["fever", "sore_throat"], fit: false, note: "发热，回家休息" });
  const sample = await entry("sample", { dish: "番茄炒蛋", meal: "lunch", weightGrams: 150 });
  const fix = await t.call("POST", `/api/v1/ledgers/entries/${sample.id}/corrections`, { token: tk.staff, body: { idempotencyKey: `export-fix-${Date.now()}`, reason: "称重未去皮", data: { dish: "番茄炒蛋", meal: "lunch", weightGrams: 160 } } });
  expect(fix.status, fix.text).toBe(201);
  await entry("disinfection", { item: "餐具", method: "heat", startAt: new Date(Date.now() - 3600_000).toISOString(), endAt: new Date(Date.now() - 1800_000).toISOString(), temperatureC: 100 });
});
afterAll(() => {
  t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("ledger exports", () => {
  it("one kind as .xlsx: its fields as labelled columns, options named, the current version with its correction", async () => {
    const file = await download(`/api/v1/ledgers/export?canteenId=${canteenId}&kind=morning_check&format=xlsx`, tk.director);
    expect(file.status).toBe(200);
    expect(file.type).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(file.disposition).toContain("attachment");
    const book = await sheets(file.bytes);
    expect(Object.keys(book)).toEqual(["晨检"]);
    const rows = book["晨检"]!;
    expect(rows[0]![0]).toContain("鄂城区第一中学");
    expect(rows[0]![0]).toContain("晨检");
    expect(rows[3]).toEqual(["发生时间", "人员", "体温（℃）", "症状", "可以上岗", "备注", "填报人", "录入时间", "照片", "标记与更正"]);
    const data = rows.slice(4).filter((r) => r[1] === "王建国");
    expect(data.map((r) => [r[2], r[3], r[4]])).toEqual([["36.5", "", "是"], ["37.8", "发热、咽痛", "否"]]);
    expect(data[1]![9]).toContain("异常");
  });

  it("every kind as .xlsx: a sheet per kind that has entries; the corrected 留样 once, at its new weight", async () => {
    const book = await sheets((await download(`/api/v1/ledgers/export?canteenId=${canteenId}&from=${today()}&to=${today()}&format=xlsx`, tk.inspector)).bytes);
    expect(Object.keys(book)).toEqual(["晨检", "留样", "清洗消毒"]);
    const samples = book["留样"]!.filter((r) => r[1] === "番茄炒蛋");
    expect(samples).toHaveLength(1);
    expect(samples[0]!.slice(1, 4)).toEqual(["番茄炒蛋", "午餐", "160"]);
    expect(samples[0]!.at(-1)).toContain("称重未去皮");
    expect(book["清洗消毒"]!.some((r) => r.includes("热力") && r.includes("餐具"))).toBe(true);
  });

  it("a printable PDF with the Chinese rows in its text (the font embedded and subset)", async () => {
    const file = await download(`/api/v1/ledgers/export?canteenId=${canteenId}&format=pdf`, tk.director);
    expect(file.status).toBe(200);
    expect(file.type).toBe("application/pdf");
    const raw = Buffer.from(file.bytes).toString("latin1");
    expect(raw).toMatch(/FontFile2/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    expect(file.bytes.byteLength).toBeLessThan(1_000_000);
    const text = pdfText(file.bytes);
    for (const s of ["鄂城区第一中学", "晨检台账", "留样台账", "清洗消毒台账", "王建国", "发热、咽痛", "番茄炒蛋", "午餐", "热力", "称重未去皮"]) expect(text).toContain(s);
    expect(text).toMatch(/第\s*1\s*页/);
    const english = pdfText((await download(`/api/v1/ledgers/export?canteenId=${canteenId}&kind=sample&format=pdf`, tk.director, "en")).bytes);
    expect(english).toContain("Lunch");
    expect(english).toContain("番茄炒蛋");
  });

  it("an empty period still gives a file that says so", async () => {
    const yesterday = addDays(today(), -1);
    const book = await sheets((await download(`/api/v1/ledgers/export?canteenId=${canteenId}&kind=waste&from=${yesterday}&to=${yesterday}&format=xlsx`, tk.director)).bytes);
    expect(Object.values(book)[0]!.some((r) => r[0] === "本期无记录")).toBe(true);
  });

  it("scope and bad input: another district 404, a parent 403, a bad format or period 400", async () => {
    const q = `canteenId=${canteenId}&format=xlsx`;
    expect((await t.call("GET", `/api/v1/ledgers/export?${q}`, { token: tk.foreignInspector })).status).toBe(404);
    expect((await t.call("GET", `/api/v1/ledgers/export?${q}`, { token: tk.parent })).status).toBe(403);
    expect((await t.call("GET", `/api/v1/ledgers/export?${q}`)).status).toBe(401);
    expect((await t.call("GET", `/api/v1/ledgers/export?canteenId=${canteenId}&format=docx`, { token: tk.director })).status).toBe(400);
    const backwards = await t.call("GET", `/api/v1/ledgers/export?${q}&from=${today()}&to=${addDays(today(), -3)}`, { token: tk.director });
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.details).toEqual([{ path: "from", message: "after to" }]);
  });
});
