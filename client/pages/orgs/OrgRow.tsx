import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { accountStatusLabel, orgKindLabel, t } from "../../i18n/index.ts";
import type { Org } from "../../types.ts";

export function OrgRow(props: { org: Org; busy: boolean; onToggle: () => void; onAddCanteen: () => void }) {
  const hasCanteens = () => props.org.kind === "school" || props.org.kind === "supplier";
  return (
    <tr data-testid="org-row" data-org-kind={props.org.kind}>
      <td data-label={t("orgs.name")}>
        <Show when={hasCanteens()} fallback={<span data-testid="org-name-cell">{props.org.name}</span>}>
          <A href={`/canteens?orgId=${encodeURIComponent(props.org.id)}`} data-testid="org-name-cell">
            {props.org.name}
          </A>
        </Show>
      </td>
      <td data-label={t("orgs.kind")}>{orgKindLabel(props.org.kind)}</td>
      <td data-label={t("orgs.region")}>{props.org.regionName}</td>
      <td data-label={t("common.status")}>
        <span class={props.org.status === "active" ? "badge badge-online" : "badge badge-offline"}>{accountStatusLabel(props.org.status)}</span>
      </td>
      <td data-label={t("common.actions")} class="row-actions">
        <Show when={hasCanteens() && props.org.status === "active"}>
          <button type="button" data-testid="org-add-canteen" onClick={() => props.onAddCanteen()}>
            {t("orgs.addCanteen")}
          </button>
        </Show>
        <button type="button" class={props.org.status === "active" ? "button-danger" : ""} data-testid="org-toggle" disabled={props.busy} onClick={() => props.onToggle()}>
          {props.org.status === "active" ? t("orgs.disable") : t("orgs.enable")}
        </button>
      </td>
    </tr>
  );
}
