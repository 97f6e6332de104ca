import { A, useSearchParams } from "@solidjs/router";
import { createResource, Show } from "solid-js";
import { getOverviewCameras } from "../../api/overview.ts";
import { settled } from "../../components/DeadEnd.tsx";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { t } from "../../i18n/index.ts";
import { CameraTable } from "./CameraTable.tsx";
import { pct } from "./format.ts";

/** /overview/cameras — the list behind the online rate: the area's cameras, worst first, with their offline windows. */
export function CamerasPage() {
  const [params] = useSearchParams<{ region?: string; school?: string; from?: string; to?: string }>();
  const [data] = createResource(() => ({ regionCode: params.region, schoolId: params.school, from: params.from, to: params.to }), (q) => getOverviewCameras(q));
  const back = () => `/overview?${new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === "string")).toString()}`;
  return (
    <section class="page overview-cameras-page" data-testid="overview-cameras-page">
      <div class="page-head">
        <h1>{t("overview.camerasWorst")}</h1>
        <Show when={settled(data)}>{(d) => <strong>{d().place.name} · {pct(d().online.period.rate)}</strong>}</Show>
        <A class="push" href={back()}>{t("overview.back")}</A>
      </div>
      <ErrorBanner error={data.error} />
      <Show when={!data.error && !data.latest}><p class="muted">{t("overview.loading")}</p></Show>
      <Show when={settled(data)}>{(d) => <CameraTable cameras={d().items} title={`${d().period.from} – ${d().period.to}`} />}</Show>
    </section>
  );
}
