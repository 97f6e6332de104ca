import { createSignal, For, Show } from "solid-js";
import { createAction } from "../../action.ts";
import { removeMembership } from "../../api/accounts.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { roleLabel, t } from "../../i18n/index.ts";
import { me } from "../../stores/session.ts";
import type { Membership, User } from "../../types.ts";

/**
 * An account's organisations and roles, each removable after a second, confirming click. The last one
 * stays (an account without any would vanish from every list), and so do one's own.
 */
export function MembershipList(props: { user: User; onUpdated: (user: User) => void }) {
  const [confirming, setConfirming] = createSignal<string>();
  const action = createAction();
  const removable = () => props.user.id !== me()?.id && props.user.memberships.length > 1;

  const remove = (m: Membership) =>
    action.run(async () => {
      await removeMembership(m.id);
      setConfirming(undefined);
      props.onUpdated({ ...props.user, memberships: props.user.memberships.filter((x) => x.id !== m.id) });
    });

  return (
    <div class="editor-section">
      <ErrorBanner error={action.error()} />
      <ul class="memberships" data-testid="membership-list">
        <For each={props.user.memberships}>
          {(m) => (
            <li class="membership" data-testid="membership-item" data-membership-id={m.id}>
              <span>
                {m.orgName} · {roleLabel(m.role)} <small class="muted">{m.regionName}</small>
              </span>
              <Show when={removable()}>
                <Show
                  when={confirming() === m.id}
                  fallback={
                    <button type="button" class="button-danger" data-testid="membership-remove" onClick={() => setConfirming(m.id)}>
                      {t("common.remove")}
                    </button>
                  }
                >
                  <div class="confirm">
                    <span>{t("users.confirmRemove", { org: m.orgName, role: roleLabel(m.role) })}</span>
                    <button type="button" class="button-danger" data-testid="membership-remove-confirm" disabled={action.busy()} onClick={() => void remove(m)}>
                      {t("common.remove")}
                    </button>
                    <button type="button" onClick={() => setConfirming(undefined)}>
                      {t("common.cancel")}
                    </button>
                  </div>
                </Show>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.user.memberships.length === 1 && props.user.id !== me()?.id}>
        <p class="muted small">{t("users.lastMembership")}</p>
      </Show>
    </div>
  );
}
