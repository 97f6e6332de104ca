import { useNavigate } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { listOrgs, updateOrg } from "../../api/orgs.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { SearchBox } from "../../components/SearchBox.tsx";
import { orgKindLabel, t } from "../../i18n/index.ts";
import { createPagedList } from "../../paged.ts";
import { can } from "../../stores/session.ts";
import { type Org, ORG_KINDS, type OrgKind, type OrgPage } from "../../types.ts";
import { CanteenForm } from "../canteens/CanteenForm.tsx";
import { OrgEditForm } from "./OrgEditForm.tsx";
import { OrgForm } from "./OrgForm.tsx";
import { OrgRow } from "./OrgRow.tsx";

/** Organisation management for regulator admins: list, register, edit, disable/enable orgs, add canteens to schools. */
export function OrgsPage() {
  const navigate = useNavigate();
  const [q, setQ] = createSignal("");
  const [kind, setKind] = createSignal<OrgKind | "">("");
  const [addingTo, setAddingTo] = createSignal<Org>();
  const [creating, setCreating] = createSignal(false);
  const [editingId, setEditingId] = createSignal<string>();
  const [busyId, setBusyId] = createSignal<string>();
  const [actionError, setActionError] = createSignal<unknown>();
  const list = createPagedList<Org, OrgPage>((cursor) => listOrgs({ q: q(), kind: kind(), cursor }));
  createEffect(on([q, kind], () => void list.reload()));

  const replace = (org: Org) => list.setItems((items) => items.map((o) => (o.id === org.id ? org : o)));

  async function toggle(org: Org) {
    setBusyId(org.id);
    setActionError(undefined);
    try {
      const updated = await updateOrg(org.id, { status: org.status === "active" ? "disabled" : "active" });
      replace(updated);
    } catch (err) {
      setActionError(err);
    } finally {
      setBusyId(undefined);
    }
  }

  return (
    <section class="page" data-testid="orgs-page">
      <div class="page-head">
        <h1>{t("orgs.title")}</h1>
        <Show when={can("orgs.manage")}>
          <button type="button" class="push button-primary" data-testid="org-form-open" aria-expanded={creating()} onClick={() => setCreating(!creating())}>
            {creating() ? t("common.cancel") : t("orgs.create")}
          </button>
        </Show>
      </div>
      <Show when={creating() && can("orgs.manage")}>
        <OrgForm
          onCreated={(org) => {
            list.setItems((items) => [org, ...items]);
            setCreating(false);
          }}
        />
      </Show>
      <div class="toolbar">
        <SearchBox placeholder={t("orgs.search")} onSearch={setQ} />
        <label class="inline-field">
          <span>{t("orgs.kind")}</span>
          <select data-testid="org-kind-filter" value={kind()} onChange={(e) => setKind(e.currentTarget.value as OrgKind | "")}>
            <option value="">{t("orgs.allKinds")}</option>
            <For each={ORG_KINDS}>{(k) => <option value={k}>{orgKindLabel(k)}</option>}</For>
          </select>
        </label>
      </div>
      <Show when={addingTo()}>
        {(org) => (
          <CanteenForm
            orgId={org().id}
            orgName={org().name}
            onCancel={() => setAddingTo(undefined)}
            onCreated={(canteen) => navigate(`/canteens/${encodeURIComponent(canteen.id)}`)}
          />
        )}
      </Show>
      <ErrorBanner error={list.error() ?? actionError()} />
      <table class="table table-cards" data-testid="org-table">
        <thead>
          <tr>
            <th>{t("orgs.name")}</th>
            <th>{t("orgs.kind")}</th>
            <th>{t("orgs.region")}</th>
            <th>{t("common.status")}</th>
            <th>{t("common.actions")}</th>
          </tr>
        </thead>
        <tbody>
          <For each={list.items()}>
            {(org) => (
              <>
                <OrgRow
                  org={org}
                  busy={busyId() === org.id}
                  manage={can("orgs.manage")}
                  canAddCanteen={can("canteens.manage")}
                  editing={editingId() === org.id}
                  onEdit={() => setEditingId(editingId() === org.id ? undefined : org.id)}
                  onToggle={() => void toggle(org)}
                  onAddCanteen={() => setAddingTo(org)}
                />
                <Show when={editingId() === org.id}>
                  <tr class="editor-row" data-testid="org-editor-row">
                    <td colSpan={5}>
                      <OrgEditForm
                        org={org}
                        onCancel={() => setEditingId(undefined)}
                        onSaved={(updated) => {
                          replace(updated);
                          setEditingId(undefined);
                        }}
                      />
                    </td>
                  </tr>
                </Show>
              </>
            )}
          </For>
        </tbody>
      </table>
      <Show when={!list.loading() && !list.error() && list.items().length === 0}>
        <p class="empty">{t("orgs.empty")}</p>
      </Show>
      <LoadMore cursor={list.nextCursor()} loading={list.loading()} onLoad={() => void list.loadMore()} />
    </section>
  );
}
