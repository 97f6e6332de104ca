import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { fileComplaint } from "../../api/complaints.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { formatTime, t } from "../../i18n/index.ts";
import { COMPLAINT_CATEGORIES } from "../../../server/contracts/enums.ts";

type Receipt = Awaited<ReturnType<typeof fileComplaint>>;

/** 一键投诉: category, text, an optional phone and photo; answers the tracking code to keep. */
export function ComplaintForm(props: { slug: string }) {
  const [category, setCategory] = createSignal<string>("hygiene");
  const [text, setText] = createSignal("");
  const [phone, setPhone] = createSignal("");
  const [photo, setPhoto] = createSignal<File | null>(null);
  const [receipt, setReceipt] = createSignal<Receipt>();
  const action = createAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void action.run(async () => {
      setReceipt(await fileComplaint(props.slug, { category: category(), text: text(), phone: phone().trim() || undefined }, photo()));
    });
  };
  return (
    <section class="card" data-testid="complaint-section">
      <h2>{t("complaint.file")}</h2>
      <Show
        when={receipt()}
        fallback={
          <form class="public-form" onSubmit={submit} data-testid="complaint-form">
            <Field label={t("complaint.category")}>
              <select value={category()} onChange={(e) => setCategory(e.currentTarget.value)} data-testid="complaint-category">
                <For each={COMPLAINT_CATEGORIES}>{(c) => <option value={c}>{t(`complaint.category.${c}`)}</option>}</For>
              </select>
            </Field>
            <Field label={t("complaint.text")} hint={t("complaint.textHint")}>
              <textarea rows={4} maxLength={1000} required value={text()} onInput={(e) => setText(e.currentTarget.value)} data-testid="complaint-text" />
            </Field>
            <Field label={t("complaint.phone")} hint={t("complaint.phoneHint")}>
              <input type="tel" inputMode="numeric" pattern="1[3-9][0-9]{9}" maxLength={11} value={phone()} onInput={(e) => setPhone(e.currentTarget.value)} data-testid="complaint-phone" />
            </Field>
            <Field label={t("complaint.photo")} hint={t("complaint.photoHint")}>
              <input type="file" accept="image/jpeg,image/png" onChange={(e) => setPhoto(e.currentTarget.files?.[0] ?? null)} data-testid="complaint-photo" />
            </Field>
            <ErrorBanner error={action.error()} />
            <button type="submit" class="button-primary" disabled={action.busy() || !text().trim()} data-testid="complaint-submit">
              {t("complaint.submit")}
            </button>
          </form>
        }
      >
        {(r) => (
          <div data-testid="complaint-receipt">
            <p class="notice">{t("complaint.filed")}</p>
            <p>
              {t("complaint.code")}
              {t("common.colon")}
              <A href={`/t/${r().code}`} class="receipt-code" data-testid="complaint-code">
                {r().code}
              </A>
            </p>
            <p class="muted small">{t("complaint.deadline", { time: formatTime(r().deadlineAt) })}</p>
          </div>
        )}
      </Show>
    </section>
  );
}
