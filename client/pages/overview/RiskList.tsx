import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { OverviewView } from "../../api/overview.ts";
import { t } from "../../i18n/index.ts";
import { factorText, gradeClass } from "../patrol/labels.ts";
import { Sparkline } from "./Sparkline.tsx";

/** The ten canteens of highest risk in the area, each factor with its points (the patrol's explainable risk grades). */
export function RiskList(props: { risk: OverviewView["risk"] }) {
  return (
    <section class="overview-risk">
      <h2>{t("overview.risk")}</h2>
      <Show when={props.risk.length > 0} fallback={<p class="empty">{t("overview.riskNone")}</p>}>
        <ol class="card-list" data-testid="overview-risk">
          <For each={props.risk}>
            {(r) => (
              <li class="card small" data-testid="overview-risk-row" data-score={r.score}>
                <A href={`/canteens/${r.canteenId}`}>{r.canteenName}</A>{" "}
                <span class={gradeClass(r.grade)}>{t(`draw.grade.${r.grade}`)}</span> {t("overview.riskScore", { score: r.score })}{" "}
                {/* a trend needs two kept scores: a lone one drew a dot at the card's edge (a fresh city keeps one) */}
                <Show when={(r.trend ?? []).filter((v) => v !== null).length >= 2}>
                  <Sparkline values={r.trend} max={100} label={t("overview.riskTrend", { scores: r.trend.filter((v) => v !== null).join("、") })} />
                </Show>
                <div class="muted">{r.factors.filter((f) => f.points > 0).map(factorText).join("，")}</div>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
