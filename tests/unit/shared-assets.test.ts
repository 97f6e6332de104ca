import { describe, expect, it } from "vitest";
import { sharedAssetsNotice } from "../../edge/shared-assets.ts";

describe("npm start on a clone without ../shared", () => {
  it("says in one line that detection is off and there is no AI demo camera, and what to set", () => {
    const line = sharedAssetsNotice({ MODEL_DIR: "/nowhere/model", TESTDATA_DIR: "/nowhere/testdata" }, () => false)!;
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toMatch(/AI detection is OFF and no AI demo camera is seeded/);
    expect(line).toMatch(/MODEL_DIR .*\/nowhere\/model/);
    expect(line).toMatch(/TESTDATA_DIR .*\/nowhere\/testdata/);
  });
  it("names only what is missing, and nothing when both are there or turned off", () => {
    expect(sharedAssetsNotice({ MODEL_DIR: "/m", TESTDATA_DIR: "/t" }, (p) => p === "/m")).toMatch(/^\[launch\] no AI demo camera is seeded: .*set TESTDATA_DIR/);
    expect(sharedAssetsNotice({ MODEL_DIR: "/m", TESTDATA_DIR: "/t" }, () => true)).toBeNull();
    expect(sharedAssetsNotice({ GATEWAY_DETECT: "off", DEMO_AI_CAMERA: "0" }, () => false)).toBeNull();
  });
});
