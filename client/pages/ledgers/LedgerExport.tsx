import { createSignal, For } from "solid-js";
import { ledgerExportUrl } from "../../api/ledgers.ts";
import { type MessageKey, t } from "../../i18n/index.ts";
import { LEDGER_KIND_NAMES, type LedgerKind } from "../../../server/ledgers/kinds.ts";

const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** The export of a canteen's ledgers for a period: the kind on screen or every kind, as .xlsx or printable PDF. */
export function LedgerExport(props: { canteenId: string; kind: LedgerKind }) {
  const [from, setFrom] = createSignal(chinaToday());
  const [to, setTo] = createSignal(chinaToday());
  const [which, setWhich] = createSignal<"kind" | "all">("kind");
  const url = (format: "xlsx" | "pdf") => ledgerExportUrl({ canteenId: props.canteenId, kind: which() === "kind" ? props.kind : undefined, from: from(), to: to(), format });
  return (
    <div class="ledger-export" data-testid="ledger-export">
      <label class="inline-field">
        {t("ledger.from")}
        <input type="date" name="exportFrom" value={from()} max={to()} onChange={(e) => setFrom(e.currentTarget.value || chinaToday())} />
      </label>
      <label class="inline-field">
        {t("ledger.to")}
        <input type="date" name="exportTo" value={to()} min={from()} max={chinaToday()} onChange={(e) => setTo(e.currentTarget.value || chinaToday())} />
      </label>
      <label class="inline-field">
        <select name="exportKind" value={which()} onChange={(e) => setWhich(e.currentTarget.value as "kind" | "all")}>
          <For each={["kind", "all"] as const}>{(w) => <option value={w}>{w === "kind" ? t(`ledger.kind.${props.kind}` as MessageKey) : t("ledger.export.all")}</option>}</For>
        </select>
      </label>
      <a href={url("xlsx")} download="" data-testid="ledger-export-xlsx">{t("ledger.export.xlsx")}</a>
      <a href={url("pdf")} target="_blank" rel="noopener" data-testid="ledger-export-pdf">{t("ledger.export.pdf")}</a>
    </div>
  );
}
