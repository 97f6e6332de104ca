import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { LiveLink } from "../../components/LiveLink.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import type { SchoolSummary } from "../../types.ts";

/** One school: name (to its canteens), region, and how many of its cameras are online. */
export function SchoolRow(props: { school: SchoolSummary }) {
  const health = () => {
    const { cameraCount, onlineCameraCount } = props.school;
    if (cameraCount === 0) return "none";
    return onlineCameraCount === cameraCount ? "all" : onlineCameraCount === 0 ? "down" : "some";
  };
  return (
    <tr data-testid="school-row" data-school-id={props.school.id}>
      <td data-label={t("schools.col.name")}>
        <A href={`/canteens?orgId=${encodeURIComponent(props.school.id)}`} data-testid="school-name">
          {props.school.name}
        </A>
        <Show when={props.school.canteenCount > 0}>
          {" "}
          <LiveLink href={`/live/org/${encodeURIComponent(props.school.id)}`} label={t("live.openNamed", { name: props.school.name })} quiet={health() === "down"} />
        </Show>
      </td>
      <td data-label={t("schools.col.region")} data-testid="school-region">
        {props.school.regionName}
      </td>
      <td data-label={t("schools.col.canteens")} class="num" data-testid="school-canteens">
        {props.school.canteenCount}
      </td>
      <td data-label={t("schools.col.cameras")} class="num">
        <span class={`online online-${health()}`} data-testid="school-cameras">
          {props.school.onlineCameraCount} / {props.school.cameraCount}
        </span>
        <Show when={health() === "down"}>
          {" "}
          <span class="badge badge-offline" data-testid="school-offline">
            {t("schools.offline")}
          </span>
        </Show>
      </td>
      <td data-label={t("schools.col.lastPatrolled")} data-testid="school-last-patrolled">
        {props.school.lastPatrolledAt ? formatTime(props.school.lastPatrolledAt) : <span class="muted">{t("schools.neverPatrolled")}</span>}
      </td>
    </tr>
  );
}
