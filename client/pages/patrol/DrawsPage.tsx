import { A, useNavigate } from "@solidjs/router";
import { createSignal, For, onMount, Show } from "solid-js";
import { createDraw, listDraws } from "../../api/patrol.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { createPagedList } from "../../paged.ts";
import { can, me } from "../../stores/session.ts";
import { shortHash } from "./labels.ts";

type DrawSummary = Awaited<ReturnType<typeof listDraws>>["items"][number];

/**
 * /patrol/draws — 网上抽查 of the regulator's region: the list, and (regulator admins) a new draw: how many,
 * uniform or by risk, leave out canteens patrolled lately, and the named public value that will seed it.
 */
export function DrawsPage() {
  const list = createPagedList<DrawSummary, Awaited<ReturnType<typeof listDraws>>>((cursor) => listDraws({ cursor, limit: 30 }));
  onMount(() => void list.reload());
  return (
    <section class="page draws-page" data-testid="draws-page">
      <div class="page-head">
        <h1>{t("draw.list")}</h1>
      </div>
      <Show when={can("patrol.draw")}>
        <NewDrawForm />
      </Show>
      <ErrorBanner error={list.error()} />
      <Show when={list.items().length > 0 || list.loading()} fallback={<p class="empty">{t("draw.empty")}</p>}>
        <table class="table table-cards">
          <thead>
            <tr>
              <th>{t("draw.name")}</th>
              <th>{t("draw.status")}</th>
              <th>{t("draw.count")}</th>
              <th>{t("draw.commitment")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={list.items()}>
              {(d) => (
                <tr data-testid="draw-row" data-status={d.status}>
                  <td data-label={t("draw.name")}>
                    <A href={`/patrol/draws/${encodeURIComponent(d.id)}`}>{d.name}</A>
                    <span class="muted small"> · {formatTime(d.createdAt)}</span>
                  </td>
                  <td data-label={t("draw.status")}>
                    <span class={`badge badge-draw-${d.status}`}>{t(`draw.status.${d.status}`)}</span>
                  </td>
                  <td data-label={t("draw.count")}>
                    {d.count} / {d.candidateCount}
                  </td>
                  <td data-label={t("draw.commitment")}>
                    <code class="hash" title={d.commitment}>
                      {shortHash(d.commitment)}
                    </code>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <LoadMore cursor={list.nextCursor()} loading={list.loading()} onLoad={() => void list.loadMore()} />
    </section>
  );
}

function NewDrawForm() {
  const navigate = useNavigate();
  const region = () => me()?.memberships.find((m) => m.role === "regulator_admin");
  const [name, setName] = createSignal("");
  const [count, setCount] = createSignal(3);
  const [method, setMethod] = createSignal<"risk" | "uniform">("risk");
  const [days, setDays] = createSignal("");
  const [source, setSource] = createSignal("");
  const [error, setError] = createSignal<unknown>(null);
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const filters = days() ? { notCheckedDays: Number(days()) } : {};
      const draw = await createDraw({ regionCode: region()!.regionCode, name: name(), count: count(), method: method(), publicValueSource: source(), filters });
      navigate(`/patrol/draws/${encodeURIComponent(draw.id)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card form" data-testid="new-draw-form" onSubmit={submit}>
      <h2>{t("draw.new")}</h2>
      <p class="muted small">
        {t("draw.region")}: {region()?.regionName}
      </p>
      <Field label={t("draw.name")}>
        <input data-testid="draw-name" value={name()} placeholder={t("draw.namePlaceholder")} onInput={(e) => setName(e.currentTarget.value)} required maxLength={100} />
      </Field>
      <Field label={t("draw.count")}>
        <input data-testid="draw-count" type="number" min="1" max="1000" value={count()} onInput={(e) => setCount(Number(e.currentTarget.value))} required />
      </Field>
      <Field label={t("draw.method")}>
        <select data-testid="draw-method" value={method()} onChange={(e) => setMethod(e.currentTarget.value as "risk" | "uniform")}>
          <option value="risk">{t("draw.method.risk")}</option>
          <option value="uniform">{t("draw.method.uniform")}</option>
        </select>
      </Field>
      <Field label={t("draw.notCheckedDays")}>
        <input data-testid="draw-days" type="number" min="1" max="730" value={days()} onInput={(e) => setDays(e.currentTarget.value)} />
      </Field>
      <Field label={t("draw.publicValueSource")}>
        <input data-testid="draw-source" value={source()} placeholder={t("draw.publicValueSourcePlaceholder")} onInput={(e) => setSource(e.currentTarget.value)} required maxLength={200} />
      </Field>
      <ErrorBanner error={error()} />
      <div class="actions">
        <button type="submit" class="button-primary" data-testid="draw-create" disabled={busy() || !region()}>
          {t("draw.create")}
        </button>
      </div>
    </form>
  );
}
