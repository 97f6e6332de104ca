import { describe, expect, it } from "vitest";
import { MAX_REASON_LENGTH, StatusTracker } from "../../media/gateway/status.ts";

const T0 = 1_000_000;

describe("camera status tracker", () => {
  it("is online on the first frame, once", () => {
    const s = new StatusTracker(15_000);
    s.add("cam_a", T0);
    expect(s.snapshot()).toEqual([]);
    expect(s.frame("cam_a", T0 + 500)).toEqual({ cameraId: "cam_a", status: "online", at: T0 + 500 });
    expect(s.frame("cam_a", T0 + 566)).toBeNull();
    expect(s.snapshot()).toEqual([{ id: "cam_a", status: "online" }]);
  });

  it("goes offline after the silence period, once, with a reason", () => {
    const s = new StatusTracker(15_000);
    s.add("cam_a", T0);
    s.frame("cam_a", T0 + 1000);
    expect(s.tick(T0 + 15_999)).toEqual([]);
    const [t] = s.tick(T0 + 16_000);
    expect(t).toMatchObject({ cameraId: "cam_a", status: "offline", at: T0 + 16_000 });
    expect(t.reason).toMatch(/no video frames for 15 s/);
    expect(s.tick(T0 + 60_000)).toEqual([]);
    expect(s.snapshot()).toEqual([{ id: "cam_a", status: "offline", reason: t.reason }]);
    expect(s.frame("cam_a", T0 + 61_000)).toMatchObject({ status: "online" });
    expect(s.snapshot()).toEqual([{ id: "cam_a", status: "online" }]);
  });

  it("counts silence from when a camera was added if it never sent a frame", () => {
    const s = new StatusTracker(15_000);
    s.add("cam_a", T0);
    expect(s.tick(T0 + 14_000)).toEqual([]);
    expect(s.tick(T0 + 15_000)).toMatchObject([{ cameraId: "cam_a", status: "offline" }]);
  });

  it("reports a failure before any frame at once, and a failure of a live camera only after the silence", () => {
    const s = new StatusTracker(15_000);
    s.add("cam_bad", T0);
    s.add("cam_ok", T0);
    expect(s.problem("cam_bad", "No such file or directory", T0 + 100)).toEqual({ cameraId: "cam_bad", status: "offline", reason: "No such file or directory", at: T0 + 100 });
    expect(s.problem("cam_bad", "No such file or directory", T0 + 1200)).toBeNull();

    s.frame("cam_ok", T0 + 200);
    expect(s.problem("cam_ok", "ffmpeg exited with 1: Connection reset", T0 + 5000)).toBeNull();
    expect(s.tick(T0 + 10_000)).toEqual([]);
    expect(s.frame("cam_ok", T0 + 11_000)).toBeNull(); // recovered within the silence: no flapping
    s.problem("cam_ok", "ffmpeg exited with 1: Connection reset", T0 + 12_000);
    const [t] = s.tick(T0 + 26_000);
    expect(t.reason).toBe("no video frames for 15 s: ffmpeg exited with 1: Connection reset");
  });

  it("keeps the latest reason while offline and clips long ones", () => {
    const s = new StatusTracker(15_000);
    s.add("cam_a", T0);
    s.problem("cam_a", "first", T0);
    s.problem("cam_a", "x".repeat(1000), T0 + 1);
    const [entry] = s.snapshot();
    expect(entry.reason!.length).toBe(MAX_REASON_LENGTH);
  });

  it("forgets removed cameras and ignores unknown ids", () => {
    const s = new StatusTracker(15_000);
    s.add("cam_a", T0);
    s.remove("cam_a");
    expect(s.frame("cam_a", T0)).toBeNull();
    expect(s.problem("cam_x", "?", T0)).toBeNull();
    expect(s.tick(T0 + 100_000)).toEqual([]);
    expect(s.ids()).toEqual([]);
  });

  it("a final problem (the source says it is gone) takes an online camera offline at once", () => {
    const s = new StatusTracker(15_000);
    s.add("cam_gb", T0);
    s.frame("cam_gb", T0 + 1);
    expect(s.problem("cam_gb", "ffmpeg exited", T0 + 2)).toBeNull();
    expect(s.problem("cam_gb", "GB/T 28181 device 1 offline: 3 keep-alives missed (interval 60 s)", T0 + 3, true)).toEqual({ cameraId: "cam_gb", status: "offline", reason: "GB/T 28181 device 1 offline: 3 keep-alives missed (interval 60 s)", at: T0 + 3 });
    expect(s.tick(T0 + 100_000)).toEqual([]);
  });
});
