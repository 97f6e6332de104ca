import { vi } from "vitest";

export interface MockRequest {
  method: string;
  path: string;
  url: URL;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
  body: any;
  params: Record<string, string>;
}
export type MockReply = { status?: number; body: unknown };
export type Handler = (req: MockRequest) => MockReply | Promise<MockReply>;

export const ok = (body: unknown): MockReply => ({ status: 200, body });
export const apiError = (status: number, code: string, message: string, details?: Array<{ path: string; message: string }>): MockReply => ({
  status,
  body: { error: { code, message, ...(details ? { details } : {}) } },
});

/**
 * Replaces fetch with a vi.fn that answers API calls from `routes` ("GET /schools", "POST /gateways",
 * "GET /canteens/:id"; paths without /api/v1). Every request is recorded; unknown routes answer 404.
 */
export function mockApi(routes: Record<string, Handler>) {
  const requests: MockRequest[] = [];
  const compiled = Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(" ") as [string, string];
    const names: string[] = [];
    const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, name: string) => (names.push(name), "([^/]+)"))}$`);
    return { method, regex, names, handler };
  });
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const method = (init.method ?? "GET").toUpperCase();
    const path = url.pathname.replace(/^\/api\/v1/, "");
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const body = typeof init.body === "string" ? JSON.parse(init.body) : undefined;
    const req: MockRequest = { method, path, url, headers, credentials: init.credentials, body, params: {} };
    requests.push(req);
    for (const route of compiled) {
      const match = route.method === method ? route.regex.exec(path) : null;
      if (!match) continue;
      req.params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
      const reply = await route.handler(req);
      return new Response(JSON.stringify(reply.body), { status: reply.status ?? 200, headers: { "content-type": "application/json" } });
    }
    return new Response(JSON.stringify({ error: { code: "not_found", message: `no mock for ${method} ${path}` } }), { status: 404 });
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    fetchMock,
    requests,
    /** the recorded requests to one method and path */
    calls: (method: string, path: string) => requests.filter((r) => r.method === method && r.path === path),
  };
}
