import { t } from "../../i18n/index.ts";
import type { ClipAttachment, ClipTarget } from "../../../server/record/clip-contracts.ts";

/**
 * What an evidence clip can be attached to, as the live room and the playback panel offer it (issue 19): the
 * inspection in progress, each recent order and each of its problems. Pure: labels through the dictionaries only.
 */
export interface AttachTarget {
  targetType: ClipTarget;
  targetId: string;
  label: string;
  /** the order it belongs to (an order and its problems are offered together under the order's number) */
  group?: string;
}

/** how many characters of a problem's words a label keeps: enough to recognise it on a phone's line */
export const PROBLEM_CHARS = 14;

/** The first `max` characters (code points, so a CJK or emoji character is never cut in half), … when cut. */
export function trimWords(text: string, max = PROBLEM_CHARS): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

/** 鄂州市鄂城区市监整〔2026〕0001号 → 0001号: what tells a canteen's orders apart on a short line */
export const shortNumber = (number: string) => number.split("〕").at(-1) || number;

/** 第1项 操作人员未戴口罩… */
export const problemLabel = (seq: number, text: string) => t("record.clip.problem", { n: seq, text: trimWords(text) });

export interface OrderWithProblems {
  id: string;
  number: string;
  /** null: not loaded (yet) — the order alone is offered */
  items: ReadonlyArray<{ id: string; seq: number; problem: string }> | null;
}

/** The inspection in progress (if any), then per order (newest first) the whole order and each of its problems. */
export function attachTargetsOf(inspectionId: string | null, orders: readonly OrderWithProblems[]): AttachTarget[] {
  const out: AttachTarget[] = inspectionId ? [{ targetType: "inspection", targetId: inspectionId, label: t("record.clip.thisInspection") }] : [];
  for (const o of orders) {
    const group = t("record.clip.order", { number: o.number });
    out.push({ targetType: "order", targetId: o.id, label: t("record.clip.wholeOrder", { number: shortNumber(o.number) }), group });
    for (const item of o.items ?? []) out.push({ targetType: "order_item", targetId: item.id, label: `${problemLabel(item.seq, item.problem)} · ${shortNumber(o.number)}`, group });
  }
  return out;
}

/** What a listed clip is attached to, in words: 检查、整改通知、整改第1项 操作人员未戴口罩… */
export function attachmentLabel(a: ClipAttachment): string {
  if (a.targetType === "order_item" && a.problem) return t("record.clip.target.problemOf", { problem: problemLabel(a.problem.seq, a.problem.text) });
  return t(`record.clip.target.${a.targetType}`);
}

/** Targets a clip is not attached to yet (attaching twice is a no-op, so it is not offered). */
export const notYetAttached = (targets: readonly AttachTarget[], attached: ReadonlyArray<{ targetType: string; targetId: string }>) =>
  targets.filter((tg) => !attached.some((a) => a.targetType === tg.targetType && a.targetId === tg.targetId));

/** A clip's attachments to one of the given problems (the order page lists each clip under its problem). */
export const problemsOf = (attached: readonly ClipAttachment[], itemIds: ReadonlySet<string>) => attached.filter((a) => a.targetType === "order_item" && itemIds.has(a.targetId)).map((a) => a.targetId);
