import { createSignal } from "solid-js";
import type { AlertEvent, AlertStatus, AlertType, AreaKind, CameraStatus, ChecklistStatus, Grade, Inspection, OrgKind, Role } from "../types.ts";
import { CHINA_TIME_ZONE } from "./chinaTime.ts";
import { en } from "./en.ts";
import { type MessageKey, zhCN } from "./zh-CN.ts";

export type Lang = "zh-CN" | "en";
export type { MessageKey };

export const LANG_STORAGE_KEY = "mcll.lang";
const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

function storedLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(LANG_STORAGE_KEY) === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN";
  }
}

const [lang, setLangSignal] = createSignal<Lang>(storedLang());
export { lang };

/** Switches the UI language, remembers it, and tells the browser (screen readers, fonts). */
export function setLang(next: Lang) {
  setLangSignal(next);
  try {
    localStorage.setItem(LANG_STORAGE_KEY, next);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  if (typeof document !== "undefined") document.documentElement.lang = next;
}

export const toggleLang = () => setLang(lang() === "zh-CN" ? "en" : "zh-CN");

/** The message for `key` in the current language, with `{name}` placeholders filled in. Reactive. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = DICTIONARIES[lang()][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export const roleLabel = (role: Role) => t(`role.${role}`);
export const orgKindLabel = (kind: OrgKind) => t(`orgKind.${kind}`);
export const areaKindLabel = (kind: AreaKind) => t(`area.${kind}`);
export const cameraStatusLabel = (status: CameraStatus) => t(`camera.status.${status}`);
export const gradeLabel = (grade: Grade) => t(`grade.${grade}`);
export const inspectionKindLabel = (kind: Inspection["kind"]) => t(`inspection.kind.${kind}`);
export const inspectionResultLabel = (result: NonNullable<Inspection["result"]>) => t(`inspection.result.${result}`);
export const checklistStatusLabel = (status: ChecklistStatus) => t(`inspection.status.${status}`);
/** A room participant's role: one of ours, the camera gateway, or (unknown attributes) nothing. */
export function participantRoleLabel(role: string): string {
  if (role === "gateway") return t("live.role.gateway");
  const key = `role.${role}`;
  return key in zhCN ? t(key as MessageKey) : "";
}
export const alertTypeLabel = (type: AlertType) => t(`alert.type.${type}`);
export const alertStatusLabel = (status: AlertStatus) => t(`alert.status.${status}`);
export const alertActionLabel = (action: AlertEvent["action"]) => t(`alert.action.${action}`);
export const accountStatusLabel = (status: "active" | "disabled") => t(`status.${status}`);

/** A date and time in the UI language and China time on any machine, e.g. 2026/9/1 08:00 or 9/1/2026, 8:00 AM. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang(), { dateStyle: "short", timeStyle: "short", timeZone: CHINA_TIME_ZONE }).format(date);
}
