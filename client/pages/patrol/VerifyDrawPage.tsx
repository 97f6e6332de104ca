import { useParams } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { drawVerification, publicDraw } from "../../api/patrol.ts";
import { isMissing, settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LangToggle } from "../../components/LangToggle.tsx";
import { t } from "../../i18n/index.ts";
import { me } from "../../stores/session.ts";
import { verifyDraw, type DrawInput } from "../../../server/patrol/sampler.ts";

/**
 * /verify/draw/:id — public, no sign-in: the draw is recomputed here, in the browser, with the very sampler the
 * server ran (server/patrol/sampler.ts, pure TypeScript with its own SHA-256), from the published data only.
 * The public sees the seed and selection once the checks are done; a signed-in regulator of the region at once.
 */
async function load(id: string) {
  const published = await publicDraw(id);
  if (published.targets || !me()?.permissions.includes("patrol.read")) return published;
  return drawVerification(id).catch(() => published);
}

export function VerifyDrawPage() {
  const params = useParams<{ id: string }>();
  const [draw] = createResource(() => params.id, load);
  const check = () => {
    const d = settled(draw);
    if (!d || !d.targets || !d.secret || !d.seed || !d.publicValue) return null;
    const started = performance.now();
    const input = JSON.parse(d.input) as DrawInput;
    const result = verifyDraw({ input, commitment: d.commitment, secretHash: d.secretHash, secret: d.secret, publicValue: d.publicValue, seed: d.seed, targets: d.targets });
    return { ...result, candidates: input.candidates.length, ms: Math.round(performance.now() - started) };
  };
  return (
    <main class="page verify-page" data-testid="verify-draw-page">
      <div class="page-head">
        <h1>{t("verifyDraw.title")}</h1>
        <LangToggle />
      </div>
      <Show when={isMissing(draw.error)} fallback={<ErrorBanner error={draw.error} />}>
        <p class="error-banner">{t("verifyDraw.notFound")}</p>
      </Show>
      <Show when={settled(draw)}>
        {(d) => (
          <section class="card">
            <h2>{d().name}</h2>
            <Show when={check()} fallback={<p class="notice muted" data-testid="verify-draw-result" data-result="pending">{d().status === "committed" ? t("verifyDraw.committedOnly") : t("verifyDraw.pending")}</p>}>
              {(c) => (
                <>
                  <p class={c().matches ? "notice" : "error-banner"} data-testid="verify-draw-result" data-result={c().matches ? "match" : "mismatch"}>
                    {c().matches ? t("verifyDraw.matches") : t("verifyDraw.mismatch")}
                  </p>
                  <ul class="checks">
                    <For each={[["commitment", c().commitmentOk], ["secret", c().secretOk], ["seed", c().seedOk], ["selection", c().selectionOk]] as const}>
                      {([k, ok]) => (
                        <li data-ok={ok ? "true" : "false"}>
                          {ok ? "✓" : "✗"} {t(`verifyDraw.check.${k}`)} — {ok ? t("verifyDraw.ok") : t("verifyDraw.bad")}
                        </li>
                      )}
                    </For>
                  </ul>
                  <p class="muted small" data-testid="verify-draw-elapsed">{t("verifyDraw.elapsed", { n: c().candidates, ms: c().ms })}</p>
                </>
              )}
            </Show>
            <dl class="facts pairs">
              <dt>{t("draw.commitment")}</dt>
              <dd>
                <code class="hash">{d().commitment}</code>
              </dd>
              <dt>{t("draw.secretHash")}</dt>
              <dd>
                <code class="hash">{d().secretHash}</code>
              </dd>
              <dt>{t("draw.publicValueSource")}</dt>
              <dd>{d().publicValueSource}</dd>
              <Show when={d().publicValue}>
                <dt>{t("draw.publicValue")}</dt>
                <dd>{d().publicValue}</dd>
              </Show>
              <Show when={d().seed}>
                <dt>{t("draw.seed")}</dt>
                <dd>
                  <code class="hash">{d().seed}</code>
                </dd>
              </Show>
            </dl>
            <Show when={d().canteens.length > 0}>
              <h3>{t("publicDraws.canteens")}</h3>
              <ul>
                <For each={d().canteens}>
                  {(c) => (
                    <li>
                      {c.name} — {t(`spot.result.${c.result}`)}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </section>
        )}
      </Show>
    </main>
  );
}
