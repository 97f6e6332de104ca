import { createSignal } from "solid-js";
import { t } from "../i18n/index.ts";

/** Copies a secret to the clipboard; where the clipboard API is missing, selects the text instead. */
export function CopyButton(props: { text: string; target?: () => HTMLElement | undefined }) {
  const [copied, setCopied] = createSignal(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.text);
      setCopied(true);
    } catch {
      const el = props.target?.();
      if (el) window.getSelection()?.selectAllChildren(el);
    }
  }
  return (
    <button type="button" data-testid="copy-button" onClick={copy}>
      {copied() ? t("common.copied") : t("common.copy")}
    </button>
  );
}
