import { describe, expect, it } from "vitest";
import { maskName } from "../../server/public/rules.ts";

/** The public page's desensitised names (issue 13, 第十二条 and seed 004: disclosure without personal data). */
describe("maskName", () => {
  it("keeps the first character and masks the rest, by characters not UTF-16 units", () => {
    expect(maskName("王建国")).toBe("王**");
    expect(maskName("欧阳")).toBe("欧*");
    expect(maskName("𠮷田")).toBe("𠮷*");
    expect(maskName(" 李 ")).toBe("李*");
  });
  it("never shows a one-character name whole, and never answers empty", () => {
    expect(maskName("张")).toBe("张*");
    expect(maskName("")).toBe("*");
    expect(maskName("   ")).toBe("*");
  });
});
