import { describe, expect, it } from "vitest";
import { buildCanteen } from "../../db/seed/build.ts";
import { seededIds, seededRandom } from "../../db/seed/random.ts";
import { REQUIRED_PATROL_AREAS } from "../../db/schema/canteens.ts";

const build = (seed: number) => {
  const random = seededRandom(seed);
  return buildCanteen({ newId: seededIds(random), random, orgId: "org_x", name: "测试学校食堂", regionCode: "420704", seq: 7, now: 0 });
};

describe("buildCanteen", () => {
  it("lays out the five required areas and 6–8 cameras on one gateway, over many seeds", () => {
    for (let seed = 1; seed < 200; seed++) {
      const b = build(seed);
      expect(b.areas.map((a) => a.kind)).toEqual(expect.arrayContaining([...REQUIRED_PATROL_AREAS]));
      expect(b.cameras.length).toBeGreaterThanOrEqual(6);
      expect(b.cameras.length).toBeLessThanOrEqual(8);
      expect(new Set(b.cameras.map((c) => c.gatewayId))).toEqual(new Set([b.gateway.id]));
      expect(b.cameras.filter((c) => c.areaId === b.areas.find((a) => a.kind === "storage")!.id).every((c) => !c.publicVisible)).toBe(true);
    }
  });

  it("is deterministic apart from the secret token, whose hash is what is stored", () => {
    const a = build(42);
    const b = build(42);
    expect(a.canteen).toEqual(b.canteen);
    expect(a.cameras).toEqual(b.cameras);
    expect(a.deviceToken).not.toBe(b.deviceToken);
    expect(a.gateway.tokenHash).not.toContain(a.deviceToken);
    expect(a.canteen.licenseNo).toMatch(/^JY\d{14}$/);
  });
});
