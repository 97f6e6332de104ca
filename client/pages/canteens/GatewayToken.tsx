import { CopyButton } from "../../components/CopyButton.tsx";
import { t } from "../../i18n/index.ts";
import type { CreatedGateway } from "../../types.ts";

/** The one and only showing of a new gateway's device token (the server keeps only its hash). */
export function GatewayToken(props: { created: CreatedGateway; onDismiss: () => void }) {
  let tokenEl: HTMLElement | undefined;
  return (
    <div class="token-box" role="alert" data-testid="gateway-token-box">
      <strong>{t("gateways.tokenTitle", { name: props.created.gateway.name })}</strong>
      <p class="warning">{t("gateways.tokenWarning")}</p>
      <code class="token" data-testid="gateway-token" ref={tokenEl}>
        {props.created.deviceToken}
      </code>
      <div class="actions">
        <CopyButton text={props.created.deviceToken} target={() => tokenEl} />
        <button type="button" class="button-primary" data-testid="gateway-token-dismiss" onClick={() => props.onDismiss()}>
          {t("gateways.tokenSaved")}
        </button>
      </div>
    </div>
  );
}
