import { lang, t } from "./i18n/index.ts";
import type { ErrorEnvelope } from "./types.ts";

export const API_BASE = "/api/v1";

type ErrorDetail = NonNullable<ErrorEnvelope["error"]["details"]>[number];

/** A failed call: the server's error code and its localized message (or ours, when the network failed). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

let unauthorizedHandler: (() => void) | undefined;
/** session.ts registers what happens when the session has ended (401 on any call but login). */
export function onUnauthorized(handler: () => void) {
  unauthorizedHandler = handler;
}

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ""}`;
}

async function readError(res: Response): Promise<ApiError> {
  let body: Partial<ErrorEnvelope> | undefined;
  try {
    body = (await res.json()) as Partial<ErrorEnvelope>;
  } catch {
    body = undefined;
  }
  const error = body?.error;
  if (error && typeof error.message === "string") return new ApiError(res.status, error.code ?? "unknown", error.message, error.details ?? []);
  return new ApiError(res.status, "unknown", t("error.unknown"));
}

/** A multipart upload (files and text fields); answers JSON like every other call. */
export async function upload<T>(path: string, form: FormData): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path), { method: "POST", headers: { accept: "application/json", "accept-language": lang() }, credentials: "same-origin", body: form });
  } catch {
    throw new ApiError(0, "network", t("error.network"));
  }
  if (!res.ok) {
    const error = await readError(res);
    if (res.status === 401) unauthorizedHandler?.();
    throw error;
  }
  return (await res.json()) as T;
}

/** One JSON call to the API with the session cookie and the UI language; throws ApiError on failure. */
export async function request<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", "accept-language": lang() };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, "network", t("error.network"));
  }
  if (!res.ok) {
    const error = await readError(res);
    if (res.status === 401 && path !== "/auth/login") unauthorizedHandler?.();
    throw error;
  }
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>("GET", path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, { body }),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, { body }),
  delete: <T>(path: string) => request<T>("DELETE", path),
  upload,
};

/** The text to show for any thrown value. */
export const errorText = (error: unknown) => (error instanceof ApiError ? error.message : t("error.unknown"));
