import { describe, expect, it } from "vitest";
import { fixTuples } from "../../server/http/openapi-document.ts";

const coord = { type: "number", minimum: 0, maximum: 1 };

describe("the served OpenAPI document", () => {
  it("renders a tuple of like positions (a point) as an array of exactly that many, which OpenAPI 3.1 allows", () => {
    expect(fixTuples({ type: "object", properties: { at: { type: "array", items: [coord, coord] } } })).toEqual({ type: "object", properties: { at: { type: "array", items: coord, minItems: 2, maxItems: 2 } } });
  });
  it("renders any other tuple as prefixItems, closed, and leaves ordinary arrays alone", () => {
    expect(fixTuples({ type: "array", items: [coord, { type: "string" }] })).toEqual({ type: "array", prefixItems: [coord, { type: "string" }], minItems: 2, maxItems: 2, items: false });
    expect(fixTuples({ type: "array", items: coord, maxItems: 5 })).toEqual({ type: "array", items: coord, maxItems: 5 });
  });
});
