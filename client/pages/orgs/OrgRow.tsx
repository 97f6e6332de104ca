import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { accountStatusLabel, orgKindLabel, t } from "../../i18n/index.ts";
import { me } from "../../stores/session.ts";
import type { Org } from "../../types.ts";

/**
 * One organisation. For a manager: edit (opens a form under the row), disable after a confirming second
 * click (it ends every account's role there at once; never one's own org), enable, add a canteen.
 */
export function OrgRow(props: {
  org: Org;
  busy: boolean;
  manage: boolean;
  canAddCanteen: boolean;
  editing: boolean;
  onEdit: () => void;
  onToggle: () => void;
  onAddCanteen: () => void;
}) {
  const [confirming, setConfirming] = createSignal(false);
  const hasCanteens = () => props.org.kind === "school" || props.org.kind === "supplier";
  const active = () => props.org.status === "active";
  const own = () => me()?.memberships.some((m) => m.orgId === props.org.id) ?? false;
  return (
    <tr data-testid="org-row" data-org-kind={props.org.kind} data-status={props.org.status}>
      <td data-label={t("orgs.name")}>
        <Show when={hasCanteens()} fallback={<span data-testid="org-name-cell">{props.org.name}</span>}>
          <A href={`/canteens?orgId=${encodeURIComponent(props.org.id)}`} data-testid="org-name-cell">
            {props.org.name}
          </A>
        </Show>
        <Show when={props.org.creditCode}>
          {(code) => (
            <div class="muted small" data-testid="org-credit-code-cell">
              <code>{code()}</code>
            </div>
          )}
        </Show>
      </td>
      <td data-label={t("orgs.kind")}>{orgKindLabel(props.org.kind)}</td>
      <td data-label={t("orgs.region")}>{props.org.regionName}</td>
      <td data-label={t("common.status")}>
        <span class={active() ? "badge badge-online" : "badge badge-offline"}>{accountStatusLabel(props.org.status)}</span>
      </td>
      <td data-label={t("common.actions")} class="row-actions">
        <Show when={props.manage}>
          <Show when={props.canAddCanteen && hasCanteens() && active()}>
            <button type="button" data-testid="org-add-canteen" onClick={() => props.onAddCanteen()}>
              {t("orgs.addCanteen")}
            </button>
          </Show>
          <button type="button" data-testid="org-edit" aria-expanded={props.editing} onClick={() => props.onEdit()}>
            {props.editing ? t("common.dismiss") : t("common.edit")}
          </button>
          <Show
            when={active() && confirming()}
            fallback={
              <button
                type="button"
                class={active() ? "button-danger" : ""}
                data-testid="org-toggle"
                disabled={props.busy || (active() && own())}
                title={active() && own() ? t("orgs.ownOrg") : undefined}
                onClick={() => (active() ? setConfirming(true) : props.onToggle())}
              >
                {active() ? t("orgs.disable") : t("orgs.enable")}
              </button>
            }
          >
            <div class="confirm">
              <span>{t("orgs.confirmDisable", { name: props.org.name })}</span>
              <button
                type="button"
                class="button-danger"
                data-testid="org-toggle-confirm"
                disabled={props.busy}
                onClick={() => {
                  setConfirming(false);
                  props.onToggle();
                }}
              >
                {t("orgs.disable")}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t("common.cancel")}
              </button>
            </div>
          </Show>
        </Show>
      </td>
    </tr>
  );
}
