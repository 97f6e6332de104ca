import { ApiError } from "./api.ts";
import { type MessageKey, t } from "./i18n/index.ts";

/**
 * The server's input rules (server/contracts/*.ts), repeated here so a form can point at a mistake
 * before the round trip; the server still decides. tests/unit/client-validate.test.ts keeps both in step.
 */
export const RULES = {
  nameMax: 100,
  displayNameMax: 50,
  passwordMin: 10,
  passwordMax: 128,
  sourceMax: 500,
  /** 食品经营许可证号 */
  licenseNo: /^JY\d{14}$/,
  /** 统一社会信用代码: 18 digits and capitals, no I, O, S, V, Z */
  creditCode: /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
  cameraSource: /^(rtsp:\/\/|https?:\/\/|test:|\/)/,
} as const;

/** A problem with one field, or undefined when the value is fine. */
type Problem = string | undefined;

/** characters (code points), as the server and its document count them, of the text as typed */
const characters = (value: string) => [...value].length;

export function checkName(value: string, max: number = RULES.nameMax): Problem {
  if (!value.trim()) return t("validate.required");
  if (characters(value) > max) return t("validate.maxLength", { n: max });
  return undefined;
}

export const checkPassword = (value: string): Problem =>
  characters(value) < RULES.passwordMin || characters(value) > RULES.passwordMax ? t("validate.passwordLength", { min: RULES.passwordMin, max: RULES.passwordMax }) : undefined;

/** Optional fields: empty is fine (it clears the value). */
export const checkLicenseNo = (value: string): Problem => (value === "" || RULES.licenseNo.test(value) ? undefined : t("validate.licenseNo"));
export const checkCreditCode = (value: string): Problem => (value === "" || RULES.creditCode.test(value) ? undefined : t("validate.creditCode"));

export function checkCameraSource(value: string): Problem {
  if (!value.trim()) return t("validate.required");
  if (characters(value) > RULES.sourceMax) return t("validate.maxLength", { n: RULES.sourceMax });
  return RULES.cameraSource.test(value.trimStart()) ? undefined : t("validate.cameraSource");
}

/**
 * The form's problems as the error the ErrorBanner shows, shaped like the server's validation_failed
 * (message, then one line per field); undefined when there are none.
 */
export function formProblems(...checks: Array<[label: MessageKey, problem: Problem]>): ApiError | undefined {
  const details = checks.filter(([, problem]) => problem).map(([label, problem]) => ({ path: t(label), message: problem! }));
  return details.length ? new ApiError(0, "validation_failed", t("form.invalid"), details) : undefined;
}
