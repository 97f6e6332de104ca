import type { z } from "zod";
import type { AppDeps } from "../http/env.ts";
import { currentLang, type Lang } from "../http/i18n.ts";
import { type ExportTable, pdfOf, xlsxOf } from "../ledgers/export-files.ts";
import { chinaTime, label } from "../ledgers/export-table.ts";
import type { Scope } from "../scope/actor.ts";
import type { Ranking, ReportFileQuery } from "./contracts.ts";
import { percentOf } from "./online-rate.ts";
import { ranking } from "./ranking.ts";
import { resolveArea } from "./area.ts";
import { keptReport } from "./snapshot-read.ts";
import { notFound } from "../http/errors.ts";

/**
 * The monthly report as files (issue 16, item 4): the ranking of ranking.ts laid out by the ledgers' exporters
 * (server/ledgers/export-files.ts: an .xlsx workbook, a PDF with Noto Sans SC embedded and subset).
 */

export const REPORT_TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
} as const;

const pct = (r: number | null) => (r === null ? "—" : `${percentOf(r)!.toFixed(1)}%`);

/** pure: the tables of a ranking — the total, the sub-regions, the schools */
export function reportTables(lang: Lang, r: z.infer<typeof Ranking>): ExportTable[] {
  const targets = [
    { header: label(lang, "overview.report.coverage"), width: 1 },
    { header: label(lang, "overview.report.online"), width: 1 },
    { header: label(lang, "overview.report.disposal"), width: 1 },
    { header: label(lang, "overview.report.patrol"), width: 1 },
    { header: label(lang, "overview.report.score"), width: 1 },
  ];
  const cells = (x: { coverage: number | null; onlineRate: number | null; disposalOnTime: number | null; patrolCoverage: number | null; score: number | null }) =>
    [pct(x.coverage), pct(x.onlineRate), pct(x.disposalOnTime), pct(x.patrolCoverage), pct(x.score)];
  const rankTable = (name: string, head: string, rows: z.infer<typeof Ranking>["regions"]): ExportTable => ({
    name,
    columns: [{ header: label(lang, "overview.report.rank"), width: 0.5 }, { header: head, width: 2.4 }, ...targets],
    rows: rows.map((row) => [String(row.rank), row.name, ...cells(row)]),
  });
  const tables: ExportTable[] = [{ name: label(lang, "overview.report.totalSheet"), columns: [{ header: label(lang, "overview.report.region"), width: 2.4 }, ...targets], rows: [[r.place.name, ...cells(r.total)]] }];
  if (r.regions.length) tables.push(rankTable(label(lang, "overview.report.regionsSheet"), label(lang, "overview.report.region"), r.regions));
  tables.push(rankTable(label(lang, "overview.report.schoolsSheet"), label(lang, "overview.report.school"), r.schools));
  return tables;
}

/** a kept edition of a region of the caller's: 404 when that month's edition was not kept */
async function keptEdition(deps: AppDeps, scope: Scope, q: z.infer<typeof ReportFileQuery>) {
  const area = await resolveArea(deps.db, scope, { regionCode: q.regionCode });
  const kept = await keptReport(deps.db, area.place.code, q.month, q.edition!);
  if (!kept) throw notFound("report_not_kept");
  return kept;
}

export async function reportFile(deps: AppDeps, scope: Scope, q: z.infer<typeof ReportFileQuery>): Promise<Response> {
  const r = q.edition ? await keptEdition(deps, scope, q) : await ranking(deps, scope, q);
  const lang = currentLang();
  const header = {
    title: (sheet: string) => label(lang, "overview.report.title", { region: r.place.name, month: r.month, sheet }),
    period: label(lang, r.provisional ? "overview.report.periodProvisional" : "overview.report.period", { from: r.period.from, to: r.period.to }),
    note: label(lang, "overview.report.note", { at: chinaTime(r.period.asOf) }),
  };
  const tables = reportTables(lang, r);
  const bytes = q.format === "pdf" ? await pdfOf(lang, header, tables) : await xlsxOf(lang, header, tables);
  const name = `${label(lang, "overview.report.file")}-${r.place.name}-${r.month}${r.provisional ? `-${label(lang, "overview.report.provisional")}` : ""}.${q.format}`;
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "content-type": REPORT_TYPES[q.format],
      "content-length": String(bytes.byteLength),
      "content-disposition": `attachment; filename="report-${r.place.code}-${r.month}.${q.format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "cache-control": "private, no-store",
      "x-online-percent": r.total.onlinePercent === null ? "" : String(r.total.onlinePercent),
    },
  });
}
