import { describe, expect, it } from "vitest";
import { ExpectedViewers } from "../../media/gateway/expected-viewers.ts";
import { EXPECTED_VIEWER_TTL_MS } from "../../media/gateway/permissions.ts";

const packet = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const hint = { type: "viewer.expected", identity: "usr_parent01", role: "parent_rep" };

describe("the gateway's expected viewers (the API's hint, through the shared parser)", () => {
  it("takes the server's announcement and lets it expire", () => {
    let now = 1_000_000;
    const viewers = new ExpectedViewers(() => now);
    const warnings: string[] = [];
    expect(viewers.receive(packet(hint), undefined, "gateway", (w) => warnings.push(w))).toBe(true);
    expect([...viewers.current().keys()]).toEqual(["usr_parent01"]);
    expect(viewers.announcedWithin(15_000)).toBe(true);
    now += EXPECTED_VIEWER_TTL_MS;
    expect(viewers.current().size).toBe(0);
    expect(warnings).toEqual([]);
  });

  it("refuses the same hint from a participant (it could be forged), and an invalid one, with the reason", () => {
    const viewers = new ExpectedViewers(() => 0);
    const warnings: string[] = [];
    expect(viewers.receive(packet(hint), { attributes: { role: "inspector" } }, "gateway", (w) => warnings.push(w))).toBe(false);
    expect(viewers.receive(packet({ ...hint, role: "king" }), undefined, "gateway", (w) => warnings.push(w))).toBe(false);
    expect(viewers.current().size).toBe(0);
    expect(warnings[0]).toMatch(/"gateway" is not sent by a browser/);
    expect(warnings[1]).toMatch(/invalid "gateway" message: role/);
  });

  it("ignores other topics without a word", () => {
    const viewers = new ExpectedViewers(() => 0);
    const warnings: string[] = [];
    expect(viewers.receive(packet(hint), undefined, "annot", (w) => warnings.push(w))).toBe(false);
    expect(warnings).toEqual([]);
  });
});
