import { createEffect, createSignal, For, type JSX, lazy, Show } from "solid-js";
import type { PublicCanteenView } from "../../api/complaints.ts";
import { formatTime, gradeLabel, inspectionKindLabel, inspectionResultLabel, type MessageKey, t } from "../../i18n/index.ts";

/**
 * The room carries the LiveKit SDK: not in the page's first load (the facts paint first), but fetched as soon as
 * the browser is idle while the public cameras are open, and at the latest when a finger touches "观看直播" — so
 * that the tap does not wait for its download (npm run bench:public).
 */
const importRoom = () => import("./PublicLiveRoom.tsx");
const PublicLiveRoom = lazy(importRoom);
let roomRequested = false;
function preloadRoom() {
  if (roomRequested) return;
  roomRequested = true;
  void importRoom().catch(() => (roomRequested = false));
}
function preloadRoomWhenIdle() {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number }).requestIdleCallback;
  if (idle) idle(preloadRoom, { timeout: 2000 });
  else setTimeout(preloadRoom, 500);
}

/** The date part of an ISO time with +08:00: the China calendar day. */
const dayOf = (iso: string) => iso.slice(0, 10);

function Section(props: { title: MessageKey; testid: string; empty: MessageKey; count: number; children: JSX.Element }) {
  return (
    <section class="card" data-testid={props.testid}>
      <h2>{t(props.title)}</h2>
      <Show when={props.count > 0} fallback={<p class="public-empty" data-testid={`${props.testid}-empty`}>{t(props.empty)}</p>}>
        {props.children}
      </Show>
    </section>
  );
}

/** What the school must disclose (seed 000 第十二条), each with an empty state that says what is not there yet. */
export function PublicFacts(props: { page: PublicCanteenView }) {
  const p = () => props.page;
  return (
    <>
      <section class="card" data-testid="public-facts">
        <h2>{t("public.facts")}</h2>
        <dl class="facts pairs">
          <dt>{t("public.region")}</dt>
          <dd>{p().school.regionName}</dd>
          <dt>{t("public.license")}</dt>
          <dd data-testid="public-license">
            {p().canteen.licenseNo ?? t("public.licenseNone")}
            <Show when={p().canteen.licenseValidUntil}>{(d) => <span class="muted small"> · {t("public.licenseValidUntil", { date: d() })}</span>}</Show>
          </dd>
          <dt>{t("public.grade")}</dt>
          <dd data-testid="public-grade">{p().canteen.grade ? gradeLabel(p().canteen.grade!) : t("public.gradeNone")}</dd>
        </dl>
      </section>
      <LiveHours live={p().live} slug={p().slug} />
      <Section title="public.inspections" testid="public-inspections" empty="public.inspectionsEmpty" count={p().inspections.length}>
        <ul class="public-list">
          <For each={p().inspections}>
            {(i) => (
              <li>
                <span>{dayOf(i.date)} · {inspectionKindLabel(i.kind)}</span>
                <span>{i.result ? inspectionResultLabel(i.result) : ""}</span>
              </li>
            )}
          </For>
        </ul>
      </Section>
      <Section title="public.orders" testid="public-orders" empty="public.ordersEmpty" count={p().orders.issued}>
        <p class="small">{t("public.ordersSummary", { issued: p().orders.issued, closed: p().orders.closed })}</p>
        <ul class="public-list">
          <For each={p().orders.recent}>
            {(o) => (
              <li>
                <span>{o.number}</span>
                <span class={`badge badge-order-${o.status}`}>{t(`order.status.${o.status}`)}</span>
              </li>
            )}
          </For>
        </ul>
      </Section>
      <Section title="public.certs" testid="public-certs" empty="public.certsEmpty" count={p().healthCertificates.length}>
        <ul class="public-list">
          <For each={p().healthCertificates}>{(c) => <li><span>{c.name}</span><span>{t("public.certValid", { date: c.validUntil })}</span></li>}</For>
        </ul>
      </Section>
      <Section title="public.menu" testid="public-menu" empty="public.menuEmpty" count={p().menu.length}>
        <ul class="public-list">
          <For each={p().menu}>{(m) => <li><span>{t(`trace.meal.${m.meal}` as MessageKey)}</span><span>{m.dishes.join("、")}</span></li>}</For>
        </ul>
      </Section>
      <Section title="public.sources" testid="public-sources" empty="public.sourcesEmpty" count={p().ingredientSources.length}>
        <ul class="public-list">
          <For each={p().ingredientSources}>{(s) => <li data-testid="public-source"><span>{s.dish} · {s.product}</span><span>{s.supplier} · {s.origin}</span></li>}</For>
        </ul>
      </Section>
    </>
  );
}

/** The public cameras' hours (第二十二条): open now, the next opening, or not opened at all. */
function LiveHours(props: { live: PublicCanteenView["live"]; slug: string }) {
  const l = () => props.live;
  const [watching, setWatching] = createSignal(false);
  createEffect(() => l().open && l().cameras.length > 0 && preloadRoomWhenIdle());
  return (
    <section class="card" data-testid="public-live" data-open={l().open ? "true" : "false"}>
      <h2>{t("public.live")}</h2>
      <Show when={l().from && l().to} fallback={<p class="public-empty">{t("public.liveNotOpen")}</p>}>
        <p>
          {t("public.liveHours", { from: l().from!, to: l().to! })}
          <Show when={l().open}>
            <span class="badge badge-online"> {t("public.liveOpen")}</span>
          </Show>
        </p>
        <Show when={!l().open && l().nextOpening}>{(next) => <p class="muted small">{t("public.liveClosed", { time: formatTime(next()) })}</p>}</Show>
        <Show when={l().cameras.length > 0} fallback={<p class="public-empty">{t("public.liveNoCameras")}</p>}>
          <p class="small">{l().cameras.map((c) => c.name).join("、")}</p>
          <Show when={l().open}>
            <Show when={watching()} fallback={<button type="button" class="button-primary" data-testid="public-watch" onPointerDown={preloadRoom} onClick={() => setWatching(true)}>{t("public.watch")}</button>}>
              <PublicLiveRoom slug={props.slug} cameras={l().cameras} />
            </Show>
          </Show>
        </Show>
      </Show>
    </section>
  );
}

export function Hotlines(props: { numbers: readonly string[] }) {
  return (
    <section class="card" data-testid="public-hotlines">
      <h2>{t("public.hotlines")}</h2>
      <div class="hotlines">
        <For each={props.numbers}>
          {(n) => (
            <a class="hotline" href={`tel:${n}`} aria-label={t("public.call", { number: n })}>
              <strong>{n}</strong>
              <span class="small">{n === "12315" || n === "12331" ? t(`public.hotline.${n}`) : ""}</span>
            </a>
          )}
        </For>
      </div>
    </section>
  );
}
