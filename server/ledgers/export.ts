import { and, asc, eq, gte, isNull, lte } from "drizzle-orm";
import type { z } from "zod";
import { ledgerEntries } from "../../db/schema/index.ts";
import { nowOf } from "../clock/clock.ts";
import type { AppDeps } from "../http/env.ts";
import { invalid } from "../http/errors.ts";
import { currentLang } from "../http/i18n.ts";
import type { Scope } from "../scope/actor.ts";
import { canteenInScope } from "../scope/loaders.ts";
import { period } from "./completeness.ts";
import type { ExportQuery } from "./contracts.ts";
import { pdfOf, xlsxOf } from "./export-files.ts";
import { chinaTime, label, tableOf } from "./export-table.ts";
import { LEDGER_KIND_NAMES, type LedgerKind } from "./kinds.ts";
import { entriesOf, isCurrent, selectEntries } from "./view.ts";

/** Export of a canteen's ledgers for a period (issue 14, item 6): one kind or all, as .xlsx or printable PDF. */

/** an export larger than this is refused (400 export_too_large): narrow the period or pick a kind */
export const MAX_EXPORT_ROWS = 20_000;

export const EXPORT_TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
} as const;

export async function exportLedgers(deps: AppDeps, scope: Scope, q: z.infer<typeof ExportQuery>): Promise<Response> {
  const db = deps.db;
  const { canteen, org } = await canteenInScope(db, scope, q.canteenId);
  const now = nowOf(deps);
  const p = period(now, q.from, q.to);
  const rows = await selectEntries(
    db,
    eq(ledgerEntries.canteenId, q.canteenId),
    q.kind ? eq(ledgerEntries.kind, q.kind) : undefined,
    gte(ledgerEntries.day, p.from),
    lte(ledgerEntries.day, p.to),
    isNull(isCurrent),
  )
    .orderBy(asc(ledgerEntries.day), asc(ledgerEntries.eventAt), asc(ledgerEntries.seq))
    .limit(MAX_EXPORT_ROWS + 1);
  if (rows.length > MAX_EXPORT_ROWS) throw invalid("export_too_large", [{ path: "from", message: `at most ${MAX_EXPORT_ROWS} entries` }]);
  const entries = await entriesOf(db, rows);

  const lang = currentLang();
  // one kind: its table, even empty; every kind: the kinds that have entries (or one empty table to say so)
  const kinds: LedgerKind[] = q.kind ? [q.kind] : LEDGER_KIND_NAMES.filter((k) => entries.some((e) => e.kind === k));
  const tables = (kinds.length ? kinds : (["morning_check"] as LedgerKind[])).map((k) => tableOf(lang, k, entries.filter((e) => e.kind === k)));
  const place = `${org.name} ${canteen.name}`;
  const header = {
    title: (kindName: string) => label(lang, "ledger.export.title", { canteen: place, kind: kindName }),
    period: label(lang, "ledger.export.period", { from: p.from, to: p.to }),
    note: label(lang, "ledger.export.note", { at: chinaTime(now), n: entries.length }),
  };
  const bytes = q.format === "pdf" ? await pdfOf(lang, header, tables) : await xlsxOf(lang, header, tables);
  const name = `${place}-${q.kind ? label(lang, `ledger.kind.${q.kind}`) : label(lang, "ledger.export.all")}-${p.from}_${p.to}.${q.format}`;
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "content-type": EXPORT_TYPES[q.format],
      "content-length": String(bytes.byteLength),
      "content-disposition": `attachment; filename="ledger-${p.from}_${p.to}.${q.format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "cache-control": "private, no-store",
    },
  });
}
