import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import type { Lang } from "../http/i18n.ts";
import { label, type LedgerTable } from "./export-table.ts";

/**
 * The two files regulators file (issue 14, item 6), laid out from the tables of export-table.ts: an .xlsx workbook
 * with a sheet per kind, and a printable A4 landscape PDF with Noto Sans SC embedded (pdfkit subsets it to the
 * glyphs used, so the file stays small and every Chinese character survives).
 */

/** what the two layouts need of a table (the overview's monthly report lays out its own tables too) */
export type ExportTable = Pick<LedgerTable, "name" | "columns" | "rows">;

export interface ExportHeader {
  /** the title of a kind's sheet or pages */
  title: (kindName: string) => string;
  period: string;
  note: string;
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ , unique in the workbook. */
const sheetName = (name: string, used: Set<string>) => {
  const base = name.replace(/[[\]:*?/\\]/g, " ").slice(0, 28) || "sheet";
  let n = base;
  for (let i = 2; used.has(n); i++) n = `${base}${i}`;
  used.add(n);
  return n;
};

export async function xlsxOf(lang: Lang, header: ExportHeader, tables: ExportTable[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "明厨亮灶";
  const used = new Set<string>();
  for (const table of tables) {
    const ws = wb.addWorksheet(sheetName(table.name, used), { pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    ws.addRow([header.title(table.name)]).font = { bold: true, size: 14 };
    ws.addRow([header.period]);
    ws.addRow([]);
    const head = ws.addRow(table.columns.map((c) => c.header));
    head.font = { bold: true };
    head.eachCell((c) => { c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF4" } }; c.border = { bottom: { style: "thin" } }; });
    for (const row of table.rows) ws.addRow(row);
    if (!table.rows.length) ws.addRow([label(lang, "ledger.export.empty")]);
    ws.addRow([]);
    ws.addRow([header.note]).font = { italic: true, size: 9 };
    table.columns.forEach((c, i) => { ws.getColumn(i + 1).width = Math.round(9 * c.width) + 2; });
    ws.views = [{ state: "frozen", ySplit: 4 }];
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

let font: Buffer | null = null;
/** Noto Sans SC Regular from its npm package, read once. */
function cjkFont(): Buffer {
  if (!font) font = readFileSync(createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"));
  return font;
}

const MARGIN = 36;
const SIZE = 8;
const PAD = 3;

export function pdfOf(lang: Lang, header: ExportHeader, tables: ExportTable[]): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margin: MARGIN, bufferPages: true, info: { Title: header.title(tables.map((t) => t.name).join("、")), Creator: "明厨亮灶" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });
  doc.registerFont("cjk", cjkFont());
  doc.font("cjk");
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - 14;

  tables.forEach((table, t) => {
    if (t > 0) doc.addPage();
    doc.fontSize(14).text(header.title(table.name), MARGIN, MARGIN, { width });
    doc.fontSize(9).fillColor("#444").text(header.period, { width }).fillColor("black");
    doc.moveDown(0.5);
    const total = table.columns.reduce((n, c) => n + c.width, 0);
    const widths = table.columns.map((c) => (c.width / total) * width);
    const rowHeight = (cells: string[]) => Math.max(...cells.map((c, i) => doc.heightOfString(c || " ", { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
    const drawRow = (cells: string[], shaded: boolean) => {
      doc.fontSize(SIZE);
      const h = rowHeight(cells);
      if (doc.y + h > bottom()) {
        doc.addPage();
        doc.y = MARGIN;
        drawRow(table.columns.map((c) => c.header), true);
      }
      const y = doc.y;
      let x = MARGIN;
      if (shaded) doc.rect(MARGIN, y, width, h).fill("#E8EEF4").fillColor("black");
      cells.forEach((c, i) => {
        doc.rect(x, y, widths[i]!, h).lineWidth(0.4).stroke("#999");
        doc.fillColor("black").text(c, x + PAD, y + PAD, { width: widths[i]! - 2 * PAD });
        x += widths[i]!;
      });
      doc.x = MARGIN;
      doc.y = y + h;
    };
    drawRow(table.columns.map((c) => c.header), true);
    for (const row of table.rows) drawRow(row, false);
    if (!table.rows.length) doc.fontSize(10).text(label(lang, "ledger.export.empty"), MARGIN, doc.y + 6, { width });
    doc.fontSize(8).fillColor("#444").text(header.note, MARGIN, doc.y + 8, { width }).fillColor("black");
  });
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // the footer sits in the bottom margin: without this pdfkit would start a new page for it
    doc.page.margins.bottom = 0;
    doc.fontSize(8).text(label(lang, "ledger.export.page", { n: i + 1 }), MARGIN, doc.page.height - MARGIN - 4, { width, align: "center", lineBreak: false });
  }
  doc.end();
  return done;
}
