import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMessage } from "../../server/bus/parse.ts";
import { PlaybackControl, PlaybackStart } from "../../server/record/playback-contracts.ts";
import { applyControl, outOfRange, positionAt } from "../../server/record/playback-rules.ts";
import { readerFilter, segmentsFrom } from "../../media/record/playback-reader.ts";
import type { StoredLink } from "../../media/record/chain-store.ts";

const T = Date.UTC(2026, 11, 4, 8, 0, 0);
const state = { position: T, since: T + 1000, speed: 1, paused: false };

describe("playback rules", () => {
  it("advances the recording's time with the wall clock at its speed, not while paused", () => {
    expect(positionAt(state, T + 3000)).toBe(T + 2000);
    expect(positionAt({ ...state, speed: 8 }, T + 3000)).toBe(T + 16_000);
    expect(positionAt({ ...state, paused: true }, T + 60_000)).toBe(T);
    expect(positionAt(state, T, Infinity)).toBe(T); // before `since`: not backwards
  });

  it("refuses a time in the future or before the oldest recording (none recorded: too old)", () => {
    expect(outOfRange(T + 1, T, T - 1000)).toBe("future");
    expect(outOfRange(T - 2000, T, T - 1000)).toBe("too_old");
    expect(outOfRange(T - 500, T, null)).toBe("too_old");
    expect(outOfRange(T - 500, T, T - 1000)).toBeNull();
  });

  it("pause keeps the time reached, speed changes from there, seek jumps", () => {
    const paused = applyControl(state, { action: "pause" }, T + 5000);
    expect(paused).toEqual({ position: T + 4000, since: T + 5000, speed: 1, paused: true });
    expect(positionAt(applyControl(paused, { action: "resume" }, T + 9000), T + 10_000)).toBe(T + 5000);
    const fast = applyControl(state, { action: "speed", speed: 4 }, T + 2000);
    expect(positionAt(fast, T + 3000)).toBe(T + 1000 + 4000);
    expect(applyControl(state, { action: "seek", at: "" }, T + 2000, T - 9000)).toMatchObject({ position: T - 9000, since: T + 2000 });
  });

  it("takes only the four speeds and well-formed controls and times", () => {
    expect(PlaybackControl.safeParse({ action: "speed", speed: 3 }).success).toBe(false);
    expect(PlaybackControl.safeParse({ action: "seek" }).success).toBe(false);
    expect(PlaybackControl.safeParse({ action: "rewind" }).success).toBe(false);
    expect(PlaybackControl.safeParse({ action: "stop", extra: 1 }).success).toBe(false);
    expect(PlaybackStart.safeParse({ cameraId: "cam_abcdef01", at: "yesterday" }).success).toBe(false);
    expect(PlaybackStart.safeParse({ cameraId: "cam_abcdef01", at: "2026-12-04T08:00:00Z" }).success).toBe(true);
  });
});

describe("the playback topic", () => {
  const message = { type: "playback.state", id: "pb_abcdef01", cameraId: "cam_abcdef01", position: T, since: T, speed: 2, paused: false, ended: null };
  const bytes = (m: unknown) => new TextEncoder().encode(JSON.stringify(m));
  it("is the server's only: a participant's copy is refused, a malformed one too", () => {
    expect(parseMessage("playback", bytes(message), "server").ok).toBe(true);
    expect(parseMessage("playback", bytes(message), "browser")).toMatchObject({ ok: false, reason: expect.stringMatching(/not sent by a browser/) });
    expect(parseMessage("playback", bytes({ ...message, speed: 16 }), "server").ok).toBe(false);
    expect(parseMessage("playback", new TextEncoder().encode("{"), "server").ok).toBe(false);
  });
});

describe("the gateway's reader", () => {
  it("plays the segments on disk from the one holding the time, with the offset into it, up to a gap", () => {
    const dir = mkdtempSync(join(tmpdir(), "mcll-pb-"));
    const link = (seq: number, kind: "segment" | "gap", start: number, file: string): StoredLink => ({ seq, kind, start, end: start + 10_000, sha256: "", reason: "", file, bytes: 1, prev: "", hash: "" });
    for (const f of ["a.mp4", "c.mp4"]) writeFileSync(join(dir, f), "x");
    const links = [link(1, "segment", T, "a.mp4"), link(2, "segment", T + 10_000, "b.mp4"), link(3, "gap", T + 20_000, ""), link(4, "segment", T + 30_000, "c.mp4")];
    // b.mp4 is gone and a gap follows: one run, a.mp4; c.mp4 is played by the next run, from its own start
    const run = segmentsFrom(links, dir, T + 4000);
    expect(run).toMatchObject({ offsetMs: 4000, start: T + 4000, segments: [{ file: "a.mp4" }] });
    expect(run!.segments).toHaveLength(1);
    expect(segmentsFrom(links, dir, T + 25_000)).toMatchObject({ offsetMs: 0, start: T + 30_000 });
    expect(segmentsFrom(links, dir, T + 40_000)).toBeNull();
  });

  it("draws the recording's time from the played instant and thins frames by the speed", () => {
    const f = readerFilter({ ffmpeg: "ffmpeg", fps: 15, maxWidth: 1280, maxHeight: 720, fontFile: "/f.ttf" }, T, 4);
    expect(f).toContain("fps=fps=\\'15/4\\'");
    expect(f).toContain(`pts:localtime:${T / 1000}.000`);
    expect(readerFilter({ ffmpeg: "ffmpeg", fps: 15, maxWidth: 1280, maxHeight: 720, fontFile: null }, T, 1)).not.toContain("drawtext");
  });
});
