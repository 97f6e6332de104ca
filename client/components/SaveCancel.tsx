import { t } from "../i18n/index.ts";

/** The save / cancel pair at the foot of every edit form. */
export function SaveCancel(props: { busy: boolean; testid: string; onCancel: () => void; plain?: boolean }) {
  return (
    <>
      <button type="submit" class={props.plain ? undefined : "button-primary"} data-testid={props.testid} disabled={props.busy}>
        {t("common.save")}
      </button>
      <button type="button" onClick={() => props.onCancel()}>
        {t("common.cancel")}
      </button>
    </>
  );
}
