import { createResource, For, Show } from "solid-js";
import { listSnapshots } from "../../api/snapshots.ts";
import { listClips } from "../../api/record.ts";
import { ErrorBanner } from "../../components/ErrorBanner.tsx";
import { formatTime, t } from "../../i18n/index.ts";

/** One piece of a patrol record's evidence, as the record shows it: a thumbnail, what it is, when. */
export interface EvidenceThumb {
  id: string;
  kind: "snapshot" | "clip";
  imageUrl: string;
  /** where it opens (the image itself, a clip's player) */
  href: string;
  label: string;
  at: string;
}

/**
 * Where a record's evidence comes from: the frozen frames of the inspection, and the video clips cut from the
 * recordings and attached to it (issue 19; shown as a video, their link opens the MP4). The record shows whatever the
 * sources give; a source the caller may not read gives nothing.
 */
export const RECORD_EVIDENCE_SOURCES: Array<(inspectionId: string) => Promise<EvidenceThumb[]>> = [
  async (inspectionId) =>
    (await listSnapshots({ inspectionId, limit: 50 })).items.map((s) => ({ id: s.id, kind: "snapshot" as const, imageUrl: s.imageUrl, href: s.imageUrl, label: s.cameraName, at: s.takenAt })),
  async (inspectionId) =>
    (await listClips({ targetType: "inspection", targetId: inspectionId }).catch(() => ({ items: [] }))).items
      .filter((c) => c.videoUrl)
      .map((c) => ({ id: c.id, kind: "clip" as const, imageUrl: c.videoUrl!, href: c.videoUrl!, label: `${c.cameraName} · ${t("record.clip.list")}`, at: c.clipStart ?? c.start })),
];

/** The snapshots (and clips) of one record, loaded when the record is opened. */
export function RecordEvidence(props: { inspectionId: string }) {
  const [items] = createResource(
    () => props.inspectionId,
    async (id) => (await Promise.all(RECORD_EVIDENCE_SOURCES.map((load) => load(id)))).flat().sort((a, b) => a.at.localeCompare(b.at)),
  );
  return (
    <>
      <ErrorBanner error={items.error} />
      <Show when={(items() ?? []).length > 0}>
        <ul class="record-evidence" data-testid="record-evidence">
          <For each={items()}>
            {(e) => (
              <li data-kind={e.kind}>
                <a href={e.href} target="_blank" rel="noopener">
                  <Show when={e.kind === "clip"} fallback={<img src={e.imageUrl} alt={e.label} loading="lazy" />}>
                    <video src={e.imageUrl} preload="metadata" muted playsinline aria-label={e.label} />
                  </Show>
                </a>
                <span class="small muted">
                  {e.label} · {formatTime(e.at)}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={items() && items()!.length === 0}>
        <p class="muted small">{t("records.noEvidence")}</p>
      </Show>
    </>
  );
}
