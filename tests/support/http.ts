import { DEMO_PASSWORD } from "../../db/seed/demo.ts";

/** Sends one request: an in-process Hono app (`app.request`) or a server over the network (`overUrl`). */
export type Send = (path: string, init: RequestInit) => Response | Promise<Response>;

export interface CallOptions {
  /** a session or device token, sent as `Authorization: Bearer …` */
  token?: string;
  /** a JSON body (content type application/json unless `headers` names one) */
  body?: unknown;
  /** a multipart body; fetch sets the content type with its boundary */
  form?: FormData;
  /** a body sent as it is (with the content type from `headers`) */
  raw?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** the body parsed as JSON; null when empty or not JSON */
  json: any;
}

/** Sends to the server at `baseUrl()` (read at every call: a restarted server may have moved). */
export const overUrl =
  (baseUrl: () => string): Send =>
  (path, init) =>
    fetch(`${baseUrl()}${path}`, init);

/**
 * The one HTTP helper of the tests: `call` answers status, headers, text and the parsed JSON whatever the
 * endpoint answers; `login` signs a demo account in and resolves to its bearer token.
 */
export function httpClient(send: Send) {
  async function call(method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
    const headers = new Headers(opts.headers);
    if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
    let body: string | FormData | undefined;
    if (opts.form !== undefined) body = opts.form;
    else if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    const res = await send(path, { method, headers, body });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  async function login(username: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await call("POST", "/api/v1/auth/login", { body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
    return res.json.token;
  }

  return { call, login };
}

export type HttpClient = ReturnType<typeof httpClient>;
