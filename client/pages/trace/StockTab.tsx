import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { createAction } from "../../action.ts";
import { canteenStock, createMove, listMoves, verifyStock } from "../../api/trace.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, type MessageKey, t } from "../../i18n/index.ts";
import { can } from "../../stores/session.ts";
import { ReturnForm } from "./ReturnForm.tsx";

type Verification = Awaited<ReturnType<typeof verifyStock>>;

/** Stock on hand per product and batch (FIFO order), returning (退货) or discarding a batch, the recent moves, and the chain's check. */
export function StockTab(props: { canteenId: string }) {
  const [tick, setTick] = createSignal(0);
  const source = () => ({ id: props.canteenId, tick: tick() });
  const [stock] = createResource(source, ({ id }) => canteenStock(id));
  const [moves] = createResource(source, ({ id }) => listMoves(id));
  const [verification, setVerification] = createSignal<Verification>();
  /** the lot whose return form is open */
  const [returning, setReturning] = createSignal<string>();
  const verify = createAction();
  const discard = createAction();
  async function check() {
    await verify.run(async () => void setVerification(await verifyStock(props.canteenId)));
  }
  async function discardLot(lineId: string, onHand: number) {
    const reason = globalThis.prompt?.(t("trace.discardReason")) ?? "";
    if (!reason.trim()) return;
    const ok = await discard.run(async () => void (await createMove(props.canteenId, { kind: "discarded", lineId, quantity: onHand, reason })));
    if (ok) setTick((n) => n + 1);
  }
  return (
    <>
      <ErrorBanner error={stock.error ?? moves.error ?? discard.error()} />
      <Show when={stock.loading && !stock()}>
        <p class="muted">{t("trace.loading")}</p>
      </Show>
      <Show when={stock() && !stock()!.products.length}>
        <p class="empty">{t("trace.noStock")}</p>
      </Show>
      <div class="card-list" data-testid="trace-stock">
        <For each={stock()?.products ?? []}>
          {(p) => (
            <div class="card" data-testid="stock-product" data-product={p.product}>
              <h3>
                {p.product} <span data-testid="stock-on-hand">{p.onHand}</span> {p.unit}
              </h3>
              <ul>
                <For each={p.lots}>
                  {(l) => (
                    <li data-testid="stock-lot" data-batch={l.batchNo}>
                      <A href={`/trace/lines/${l.lineId}`}>{l.batchNo}</A> · <span data-testid="lot-on-hand">{l.onHand}</span> {l.unit} · {t("trace.expiresOn")} {l.expiresOn}
                      <Show when={l.expired}> <span class="badge badge-offline">{t("trace.expired")}</span></Show> · {l.supplier} · {l.origin}
                      <Show when={can("trace.receive")}>
                        {" "}<button type="button" class="link-button" data-testid="lot-return" onClick={() => setReturning(returning() === l.lineId ? undefined : l.lineId)}>{t("trace.return")}</button>
                        {" "}<button type="button" class="link-button" onClick={() => void discardLot(l.lineId, l.onHand)}>{t("trace.discard")}</button>
                      </Show>
                      <Show when={returning() === l.lineId}>
                        <ReturnForm canteenId={props.canteenId} lineId={l.lineId} onHand={l.onHand} unit={l.unit} onCancel={() => setReturning(undefined)} onDone={() => { setReturning(undefined); setTick((n) => n + 1); }} />
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </div>
          )}
        </For>
      </div>
      <h2 class="section-title">{t("trace.chain")}</h2>
      <button type="button" data-testid="stock-verify" disabled={verify.busy()} onClick={() => void check()}>{t("trace.verify")}</button>
      <ErrorBanner error={verify.error()} />
      <Show when={verification()}>
        {(v) => (
          <div class="card" data-testid="stock-verification" data-ok={v().ok ? "true" : "false"}>
            <p>{v().ok ? t("trace.chainOk", { n: v().checked }) : t("trace.chainBroken", { n: v().broken.count })}</p>
            <ul>
              <For each={v().broken.first}>{(b) => <li data-testid="stock-break">#{b.seq} {t(`trace.break.${b.reason}` as MessageKey)}</li>}</For>
            </ul>
          </div>
        )}
      </Show>
      <h2 class="section-title">{t("trace.moves")}</h2>
      <Show when={moves()?.items.length} fallback={<p class="empty">{t("trace.noMoves")}</p>}>
        <table class="table" data-testid="stock-moves">
          <tbody>
            <For each={moves()!.items}>
              {(m) => (
                <tr>
                  <td>#{m.seq}</td>
                  <td>{t(`trace.move.${m.kind}` as MessageKey)}</td>
                  <td>{m.product} {m.batchNo}</td>
                  <td>{m.quantity} {m.unit}</td>
                  <td class="small">{formatTime(m.at)}{m.reason ? ` · ${m.reason}` : ""}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </>
  );
}
