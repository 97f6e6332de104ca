import { A } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { getTodo } from "../../api/todo.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { alertTypeLabel, formatTime, type MessageKey, t } from "../../i18n/index.ts";

const KINDS = ["order", "alert", "complaint", "viewing", "evaluation", "self_check", "leader_patrol", "trace_warning", "supplier_licence", "notice"] as const;

/** /todo — the school's home: what waits for it, overdue first, then by deadline. */
export function TodoPage() {
  const [todo] = createResource(getTodo);
  return (
    <section class="page" data-testid="todo-page">
      <div class="page-head">
        <h1>{t("todo.title")}</h1>
      </div>
      <ErrorBanner error={todo.error} />
      <Show when={todo.latest}>
        {(d) => (
          <>
            <p class="small" data-testid="todo-counts">
              <For each={KINDS}>{(k) => <span class="badge badge-unknown" data-kind={k}>{t(`todo.kind.${k}` as MessageKey)} {d().counts[k]}</span>}</For>
            </p>
            <Show when={d().items.length} fallback={<p class="notice" data-testid="todo-empty">{t("todo.empty")}</p>}>
              <ul class="card-list">
                <For each={d().items}>
                  {(item) => (
                    <li class="card" data-testid="todo-item" data-kind={item.kind} data-overdue={item.overdue ? "true" : "false"}>
                      <A href={item.href}>
                        <span class="badge badge-unknown">{t(`todo.kind.${item.kind}` as MessageKey)}</span>{" "}
                        <strong class="user-text">{item.alertType ? [alertTypeLabel(item.alertType), item.title].filter(Boolean).join(" · ") : item.kind === "trace_warning" ? t(`trace.warning.${item.title}` as MessageKey) : item.title}</strong>
                      </A>
                      <p class="small muted">
                        {item.canteenName} · {t(item.kind === "viewing" ? "todo.starts" : item.kind === "evaluation" ? "todo.since" : item.kind === "notice" ? "todo.sent" : "todo.due")}{t("common.colon")}{formatTime(item.due)}
                        {/* an urgent dispatch notice comes first like an overdue item, and says why */}
                        <Show when={item.overdue}> <span class="badge badge-offline">{t(item.kind === "notice" ? "todo.urgent" : "todo.overdue")}</span></Show>
                      </p>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
