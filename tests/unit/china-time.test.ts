import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaInputToIso, toChinaInput } from "../../client/i18n/chinaTime.ts";
import { formatTime, setLang } from "../../client/i18n/index.ts";

/** A supervision record reads in China time on any machine (issue 11, 7b): here the machine is in New York. */
describe("times in the canteen's time zone", () => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = "America/New_York";
  });
  afterAll(() => {
    process.env.TZ = saved;
  });

  it("the machine really is elsewhere (the test would prove nothing otherwise)", () => {
    expect(new Date("2026-11-30T09:00:00Z").getHours()).toBe(4);
  });

  it("shows 22:00 in Beijing as 22:00, in both languages", () => {
    setLang("zh-CN");
    expect(formatTime("2026-11-23T14:00:00.000Z")).toBe("2026/11/23 22:00");
    setLang("en");
    expect(formatTime("2026-11-23T14:00:00.000Z")).toMatch(/11\/23\/26,? 10:00\s?PM/);
    setLang("zh-CN");
  });

  it("reads and writes datetime inputs as China time", () => {
    expect(toChinaInput(new Date("2026-11-30T09:00:00Z"))).toBe("2026-11-30T17:00");
    expect(chinaInputToIso("2026-11-30T17:00")).toBe("2026-11-30T17:00:00+08:00");
    expect(chinaInputToIso("2026-11-30")).toBeNull();
  });
});
