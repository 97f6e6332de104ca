import { createResource, For, Show } from "solid-js";
import { schoolSupplierApprovals } from "../../api/trace.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, type MessageKey, t } from "../../i18n/index.ts";
import { me } from "../../stores/session.ts";
import { ConsultationLine } from "../trace/Consultation.tsx";

/** The suppliers the school chose, canteen by canteen, and how its parent committee was consulted on each. */
export function SchoolSuppliers(props: { orgId: string }) {
  const [list] = createResource(() => props.orgId, schoolSupplierApprovals);
  return (
    <section class="card" data-testid="school-suppliers">
      <h2>{t("trace.schoolSuppliers.title")}</h2>
      <ErrorBanner error={list.error} />
      <Show when={list()?.approvals.length} fallback={<Show when={list()}><p class="muted">{t("trace.schoolSuppliers.empty")}</p></Show>}>
        <ul class="card-list">
          <For each={list()!.approvals}>
            {(a) => (
              <li class="card" data-testid="school-supplier" data-supplier={a.supplier.name}>
                <strong>{a.supplier.name}</strong>
                <Show when={a.supplier.foodLicence}>
                  {" "}<span class="badge badge-unknown" data-status={a.supplier.foodLicence!}>{t(`trace.licence.${a.supplier.foodLicence}` as MessageKey)}</span>
                </Show>
                <p class="small muted">
                  {t("trace.schoolSuppliers.canteen")} {a.canteen.name} · {t("trace.approvedAt")} {formatTime(a.approvedAt)}
                </p>
                <ConsultationLine consultation={a.consultation} consulted={a.committeeConsulted} />
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

/** /committee/suppliers — a parent representative's view of the school's supplier choices. */
export function SchoolSuppliersPage() {
  const orgId = () => me()?.memberships.find((m) => m.orgKind === "school")?.orgId;
  return (
    <section class="page" data-testid="school-suppliers-page">
      <div class="page-head">
        <h1>{t("nav.schoolSuppliers")}</h1>
      </div>
      <Show when={orgId()}>{(id) => <SchoolSuppliers orgId={id()} />}</Show>
    </section>
  );
}
