import { describe, expect, it, vi } from "vitest";
import { waitForVideoSize } from "../../client/live/fullFrame.ts";

/** A <video> stand-in: its decoded size and its `resize` event. */
function fakeVideo(width: number, height: number) {
  const target = new EventTarget() as EventTarget & { videoWidth: number; videoHeight: number };
  target.videoWidth = width;
  target.videoHeight = height;
  return target;
}

describe("waiting for the camera's full resolution before a snapshot", () => {
  it("answers at once when the decoded frame already has the full size", async () => {
    await expect(waitForVideoSize(fakeVideo(640, 360) as unknown as HTMLVideoElement, { width: 640, height: 360 }, 3000)).resolves.toBe(true);
  });

  it("waits for the frame to grow (the resize event), then answers", async () => {
    vi.useFakeTimers();
    const video = fakeVideo(480, 264);
    const done = waitForVideoSize(video as unknown as HTMLVideoElement, { width: 640, height: 360 }, 3000);
    await vi.advanceTimersByTimeAsync(1000);
    video.videoWidth = 640;
    video.videoHeight = 360;
    video.dispatchEvent(new Event("resize"));
    await expect(done).resolves.toBe(true);
    vi.useRealTimers();
  });

  it("gives up after the bound (about 3 s) when the full size never comes", async () => {
    vi.useFakeTimers();
    const done = waitForVideoSize(fakeVideo(320, 180) as unknown as HTMLVideoElement, { width: 640, height: 360 }, 3000);
    await vi.advanceTimersByTimeAsync(3001);
    await expect(done).resolves.toBe(false);
    vi.useRealTimers();
  });
});
