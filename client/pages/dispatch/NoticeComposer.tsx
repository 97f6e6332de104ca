import { createSignal, Show } from "solid-js";
import { ApiError } from "../../api.ts";
import { type NoticeView, sendNotice } from "../../api/dispatch.ts";
import { createAction } from "../../action.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { Field } from "../../components/Field.tsx";
import { RegionPicker } from "../../components/RegionPicker.tsx";
import { t } from "../../i18n/index.ts";
import { me } from "../../stores/session.ts";

/** the server's bounds (server/dispatch/contracts.ts), repeated so the form can point at a mistake first */
const TITLE_MAX = 60;
const BODY_MAX = 2000;
const chars = (s: string) => [...s].length;

/** The caller's own regions (a regulator's or education bureau's membership), the first one the default. */
const ownRegions = () => [...new Map((me()?.memberships ?? []).filter((m) => m.orgKind === "regulator" || m.orgKind === "education").map((m) => [m.regionCode, m.regionName])).entries()];

/**
 * 发布调度通知: a region of the caller's jurisdiction (their own by default, or one below it), a title, the message and
 * its urgency. The server sends it to every school of the region at once.
 */
export function NoticeComposer(props: { onSent: (notice: NoticeView) => void }) {
  const root = () => ownRegions()[0];
  const [region, setRegion] = createSignal("");
  const [title, setTitle] = createSignal("");
  const [body, setBody] = createSignal("");
  const [urgency, setUrgency] = createSignal<"normal" | "urgent">("normal");
  const [sent, setSent] = createSignal<NoticeView>();
  const action = createAction();
  const regionCode = () => region() || root()?.[0] || "";

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setSent(undefined);
    const problem = !title().trim()
      ? t("dispatch.titleRequired")
      : chars(title()) > TITLE_MAX
        ? t("validate.maxLength", { n: TITLE_MAX })
        : !body().trim()
          ? t("dispatch.bodyRequired")
          : chars(body()) > BODY_MAX
            ? t("validate.maxLength", { n: BODY_MAX })
            : undefined;
    void action.run(
      async () => {
        const notice = await sendNotice({ regionCode: regionCode(), title: title(), body: body(), urgency: urgency() });
        setSent(notice);
        setTitle("");
        setBody("");
        setUrgency("normal");
        props.onSent(notice);
      },
      problem ? new ApiError(0, "validation_failed", problem) : undefined,
    );
  };

  return (
    <form class="card form notice-compose" data-testid="notice-compose" onSubmit={submit} novalidate>
      <h2>{t("dispatch.compose")}</h2>
      <ErrorBanner error={action.error()} />
      <Show when={sent()}>{(n) => <p class="notice" role="status" data-testid="notice-sent">{t("dispatch.sent", { n: n().counts.schools })}</p>}</Show>
      <RegionPicker
        root={root()?.[0]}
        value={region()}
        onChange={setRegion}
        emptyValue=""
        emptyLabel={t("dispatch.wholeRegion", { name: root()?.[1] ?? "" })}
        label={t("dispatch.region")}
        testid="notice-region"
        hideWhenEmpty
      />
      <p class="muted small">{t("dispatch.regionHint")}</p>
      <Field label={t("dispatch.noticeTitle")}>
        <input type="text" data-testid="notice-title" maxLength={TITLE_MAX} value={title()} onInput={(e) => setTitle(e.currentTarget.value)} />
      </Field>
      <Field label={t("dispatch.body")} hint={`${chars(body())}/${BODY_MAX}`}>
        <textarea data-testid="notice-body" rows={5} maxLength={BODY_MAX} value={body()} onInput={(e) => setBody(e.currentTarget.value)} />
      </Field>
      <fieldset class="inline-choices">
        <legend>{t("dispatch.urgency")}</legend>
        <label class="choice">
          <input type="radio" name="urgency" value="normal" checked={urgency() === "normal"} onChange={() => setUrgency("normal")} />
          {t("dispatch.urgency.normal")}
        </label>
        <label class="choice">
          <input type="radio" name="urgency" value="urgent" data-testid="notice-urgent" checked={urgency() === "urgent"} onChange={() => setUrgency("urgent")} />
          {t("dispatch.urgency.urgent")}
        </label>
      </fieldset>
      <div class="actions">
        <button type="submit" class="button-primary" data-testid="notice-send" disabled={action.busy() || !regionCode()}>
          {t("dispatch.send")}
        </button>
      </div>
    </form>
  );
}
