import { t, toggleLang } from "../i18n/index.ts";

/** One button that switches between 中文 and English; its label is the language it switches to. */
export function LangToggle() {
  return (
    <button type="button" class="button-quiet" data-testid="lang-toggle" onClick={toggleLang}>
      {t("lang.switchTo")}
    </button>
  );
}
