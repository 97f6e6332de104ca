import { createSignal, For, Show } from "solid-js";
import { createGateway, revokeGateway } from "../../api/cameras.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import type { CreatedGateway, Gateway } from "../../types.ts";
import { GatewayToken } from "./GatewayToken.tsx";
import { createAction } from "../../action.ts";

/** The canteen's edge gateways: create one (token shown once), revoke one (after a second click). */
export function GatewaysPanel(props: { canteenId: string; gateways: Gateway[]; onChanged: () => void }) {
  const [name, setName] = createSignal("");
  const [created, setCreated] = createSignal<CreatedGateway>();
  const [confirming, setConfirming] = createSignal<string>();
  const { busy, error, run } = createAction();

  const attempt = (action: () => Promise<void>) => run(action);

  const create = (e: SubmitEvent) => {
    e.preventDefault();
    return attempt(async () => {
      const result = await createGateway({ canteenId: props.canteenId, name: name().trim() });
      setName("");
      setCreated(result);
      props.onChanged();
    });
  };

  const revoke = (gateway: Gateway) =>
    attempt(async () => {
      await revokeGateway(gateway.id);
      setConfirming(undefined);
      props.onChanged();
    });

  return (
    <section class="card" data-testid="gateways-panel">
      <h3>{t("gateways.title")}</h3>
      <ErrorBanner error={error()} />
      <Show when={created()}>{(c) => <GatewayToken created={c()} onDismiss={() => setCreated(undefined)} />}</Show>
      <Show when={props.gateways.length > 0} fallback={<p class="muted">{t("gateways.empty")}</p>}>
        <ul class="gateways">
          <For each={props.gateways}>
            {(gateway) => (
              <li class="gateway" data-testid="gateway-item" data-revoked={gateway.revokedAt ? "true" : "false"}>
                <div>
                  <strong>{gateway.name}</strong>{" "}
                  <span class={gateway.revokedAt ? "badge badge-offline" : "badge badge-online"}>{gateway.revokedAt ? t("gateways.revoked") : t("gateways.active")}</span>
                  <br />
                  <small class="muted">
                    {t("gateways.hint", { hint: gateway.tokenHint })} ·{" "}
                    {gateway.lastSeenAt ? t("gateways.lastSeen", { time: formatTime(gateway.lastSeenAt) }) : t("gateways.neverSeen")}
                  </small>
                </div>
                <Show when={!gateway.revokedAt}>
                  <Show
                    when={confirming() === gateway.id}
                    fallback={
                      <button type="button" class="button-danger" data-testid="gateway-revoke" onClick={() => setConfirming(gateway.id)}>
                        {t("gateways.revoke")}
                      </button>
                    }
                  >
                    <div class="confirm">
                      <span>{t("gateways.confirmRevoke", { name: gateway.name })}</span>
                      <button type="button" class="button-danger" data-testid="gateway-revoke-confirm" disabled={busy()} onClick={() => void revoke(gateway)}>
                        {t("gateways.revoke")}
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
      </Show>
      <form class="form-inline" data-testid="gateway-form" onSubmit={create}>
        <Field label={t("gateways.name")}>
          <input data-testid="gateway-name" required maxLength={100} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <button type="submit" data-testid="gateway-create" disabled={busy()}>
          {t("gateways.create")}
        </button>
      </form>
    </section>
  );
}
