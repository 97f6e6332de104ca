import { createSignal, onCleanup } from "solid-js";
import { t } from "../i18n/index.ts";

/**
 * A search input: searches on Enter or the button at once, and after a short pause while typing.
 * The same text is never searched twice in a row.
 */
export function SearchBox(props: { placeholder: string; onSearch: (q: string) => void; initial?: string; delayMs?: number }) {
  const [text, setText] = createSignal(props.initial ?? "");
  let last = (props.initial ?? "").trim();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const emit = () => {
    clearTimeout(timer);
    const q = text().trim();
    if (q === last) return;
    last = q;
    props.onSearch(q);
  };
  onCleanup(() => clearTimeout(timer));
  return (
    <form
      class="search-box"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        emit();
      }}
    >
      <input
        type="search"
        data-testid="search-input"
        aria-label={props.placeholder}
        placeholder={props.placeholder}
        value={text()}
        maxLength={50}
        onInput={(e) => {
          setText(e.currentTarget.value);
          clearTimeout(timer);
          timer = setTimeout(emit, props.delayMs ?? 350);
        }}
      />
      <button type="submit" data-testid="search-submit">
        {t("common.search")}
      </button>
    </form>
  );
}
