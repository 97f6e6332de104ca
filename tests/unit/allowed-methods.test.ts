import { describe, expect, it } from "vitest";
import { allowedMethods } from "../../server/http/allowed-methods.ts";

const ROUTES = [
  { method: "ALL", path: "*" },
  { method: "GET", path: "/api/v1/alerts" },
  { method: "GET", path: "/api/v1/alerts/summary" },
  { method: "POST", path: "/api/v1/alerts/acknowledge" },
  { method: "GET", path: "/api/v1/alerts/:id" },
  { method: "POST", path: "/api/v1/alerts/:id/acknowledge" },
  { method: "GET", path: "/api/v1/orgs/:id" },
  { method: "PATCH", path: "/api/v1/orgs/:id" },
];

describe("405 and Allow for a known path under another method", () => {
  it("names the methods of the path's template", () => {
    expect(allowedMethods(ROUTES, "/api/v1/orgs/org_abc123")).toEqual(["GET", "PATCH"]);
    expect(allowedMethods(ROUTES, "/api/v1/alerts/alr_abc123/acknowledge")).toEqual(["POST"]);
  });
  it("prefers the static template over a parameter where both match, as the router does", () => {
    expect(allowedMethods(ROUTES, "/api/v1/alerts/acknowledge")).toEqual(["POST"]);
    expect(allowedMethods(ROUTES, "/api/v1/alerts/summary")).toEqual(["GET"]);
  });
  it("knows nothing of an unknown path (a 404 then)", () => {
    expect(allowedMethods(ROUTES, "/api/v1/nothing")).toEqual([]);
    expect(allowedMethods(ROUTES, "/api/v1/orgs/a/b")).toEqual([]);
  });
});
