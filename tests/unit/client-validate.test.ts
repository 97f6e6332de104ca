import { describe, expect, it } from "vitest";
import { checkCameraSource, checkCreditCode, checkLicenseNo, checkName, checkPassword, RULES } from "../../client/validate.ts";
import { CreateCamera, LicenseNo } from "../../server/canteens/contracts.ts";
import { Name } from "../../server/contracts/common.ts";
import { CreditCode } from "../../server/orgs/contracts.ts";
import { Password, UpdateUser } from "../../server/accounts/user-contracts.ts";

/** The client's form checks must accept exactly what the server's zod contracts accept. */
describe("client form checks agree with the server contracts", () => {
  const agree = (check: (v: string) => string | undefined, schema: { safeParse: (v: unknown) => { success: boolean } }, samples: string[]) => {
    for (const v of samples) expect(check(v) === undefined, JSON.stringify(v)).toBe(schema.safeParse(v).success);
  };

  it("names (1–100 characters as typed, not only whitespace) and display names (1–50)", () => {
    agree(checkName, Name, ["食堂", "  食堂 ", "", "   ", "x".repeat(100), "x".repeat(101), ` ${"x".repeat(100)} `]);
    const displayName = UpdateUser.shape.displayName.unwrap();
    agree((v) => checkName(v, RULES.displayNameMax), displayName, ["王老师", "", " ", "x".repeat(50), "x".repeat(51)]);
  });

  it("passwords (10–128)", () => {
    agree(checkPassword, Password, ["", "short", "123456789", "1234567890", "x".repeat(128), "x".repeat(129)]);
  });

  it("食品经营许可证号 (JY + 14 digits; empty means none)", () => {
    agree(checkLicenseNo, LicenseNo, ["JY14207040000001", "JY1420704000000", "JY142070400000011", "jy14207040000001", "SC14207040000001", "JY1420704000000A"]);
    expect(checkLicenseNo("")).toBeUndefined();
  });

  it("统一社会信用代码 (18; no I, O, S, V, Z; empty means none)", () => {
    agree(checkCreditCode, CreditCode, ["12420700MA4F0ABC1D", "91420700MA4F0XXXXX", "12420700MA4F0ABCOD", "12420700MA4F0ABCID", "1242070XMA4F0ABC1D", "12420700MA4F0ABC1", "12420700ma4f0abc1d"]);
    expect(checkCreditCode("")).toBeUndefined();
  });

  it("camera sources (rtsp://, http(s)://, test:, absolute path; ≤500)", () => {
    agree(checkCameraSource, CreateCamera.shape.source, ["rtsp://10.0.0.7/1", "http://cam/x", "https://cam/x", "test:烹饪区", "/data/demo.mp4", "ftp://x", "rtmp://x", "", "  ", " rtsp://x ", `rtsp://${"x".repeat(493)}`, `rtsp://${"x".repeat(494)}`]);
  });
});
