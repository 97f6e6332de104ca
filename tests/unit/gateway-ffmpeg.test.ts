import { describe, expect, it } from "vitest";
import { buildFfmpegArgs, DEFAULT_DECODE, type DecodeOptions, outputFilter, testGraph } from "../../media/gateway/ffmpeg-args.ts";
import { FrameAssembler, i420Size, parseOutputSize, summarizeFfmpegFailure } from "../../media/gateway/ffmpeg-output.ts";
import { escapeDrawtextText, escapeFilterArgs, filter, quoteOptionValue } from "../../media/gateway/filtergraph.ts";
import { parseSource, redactSource } from "../../media/gateway/source.ts";

const FONT = "/fonts/Noto Sans CJK.ttc";
const opts: DecodeOptions = { ...DEFAULT_DECODE, fontFile: FONT };
const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe("camera sources", () => {
  it("recognises each kind", () => {
    expect(parseSource("rtsp://admin:pw@10.0.0.5:554/Streaming/Channels/101")).toEqual({ kind: "rtsp", url: "rtsp://admin:pw@10.0.0.5:554/Streaming/Channels/101" });
    expect(parseSource("http://cam.local/mjpeg")).toEqual({ kind: "http", url: "http://cam.local/mjpeg", loop: false });
    expect(parseSource("https://cdn.example/demo/kitchen.mp4?x=1")).toEqual({ kind: "http", url: "https://cdn.example/demo/kitchen.mp4?x=1", loop: true });
    expect(parseSource("/srv/videos/库房.mp4")).toEqual({ kind: "file", path: "/srv/videos/库房.mp4" });
    expect(parseSource("test:烹饪区-1")).toEqual({ kind: "test", label: "烹饪区-1" });
    expect(parseSource("test:")).toEqual({ kind: "test", label: "" });
  });
  it("shows still photos (.jpg/.png files) as a steady picture", () => {
    expect(parseSource("/work/shared/testdata/images/person_cook_kitchen.jpg")).toEqual({ kind: "image", path: "/work/shared/testdata/images/person_cook_kitchen.jpg" });
    expect(parseSource("/srv/x.PNG")).toMatchObject({ kind: "image" });
    const args = buildFfmpegArgs(parseSource("/srv/photo.jpeg"), opts);
    expect(valueAfter(args, "-loop")).toBe("1");
    expect(valueAfter(args, "-framerate")).toBe(String(opts.fps));
    expect(args).toContain("-re");
    expect(valueAfter(args, "-i")).toBe("/srv/photo.jpeg");
  });
  it("refuses anything else with a reason", () => {
    expect(parseSource("videos/relative.mp4")).toMatchObject({ kind: "invalid", reason: expect.stringMatching(/unsupported source/) });
    expect(parseSource("")).toMatchObject({ kind: "invalid" });
    expect(parseSource("ftp://x/y")).toMatchObject({ kind: "invalid" });
  });
  it("masks credentials for logs", () => {
    expect(redactSource("rtsp://admin:secret@10.0.0.5/ch1")).toBe("rtsp://***@10.0.0.5/ch1");
    expect(redactSource("test:库房")).toBe("test:库房");
  });
});

describe("ffmpeg arguments", () => {
  it("pulls RTSP over TCP with a socket timeout", () => {
    const args = buildFfmpegArgs(parseSource("rtsp://10.0.0.5/ch1"), opts);
    expect(valueAfter(args, "-rtsp_transport")).toBe("tcp");
    expect(args.indexOf("-rtsp_transport")).toBeLessThan(args.indexOf("-i"));
    expect(valueAfter(args, "-i")).toBe("rtsp://10.0.0.5/ch1");
    expect(args).toContain("-timeout");
    expect(args).not.toContain("-re");
    expect(args).not.toContain("-stream_loop");
  });
  it("loops files at their native rate", () => {
    const args = buildFfmpegArgs(parseSource("/srv/a b.mp4"), opts);
    expect(args.slice(args.indexOf("-re"), args.indexOf("-i") + 2)).toEqual(["-re", "-stream_loop", "-1", "-i", "/srv/a b.mp4"]);
  });
  it("reads live HTTP streams as they come and loops HTTP files", () => {
    const live = buildFfmpegArgs(parseSource("http://cam/mjpeg"), opts);
    expect(live).not.toContain("-re");
    const file = buildFfmpegArgs(parseSource("http://cdn/x.mp4"), opts);
    expect(valueAfter(file, "-stream_loop")).toBe("-1");
    expect(file).toContain("-re");
  });
  it("decodes to raw I420 on stdout with one thread, no audio, at most 720p at the chosen rate", () => {
    const args = buildFfmpegArgs(parseSource("/v.mp4"), { ...opts, fps: 12 });
    expect(args.slice(-5)).toEqual(["-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"]);
    expect(valueAfter(args, "-threads")).toBe("1");
    expect(args).toContain("-an");
    expect(valueAfter(args, "-map")).toBe("0:v:0");
    expect(valueAfter(args, "-vf")).toBe(outputFilter({ ...opts, fps: 12 }));
    expect(outputFilter({ ...opts, fps: 12 })).toBe(
      "fps=fps=\\'12\\',scale=w=\\'min(1280\\,iw)\\':h=\\'min(720\\,ih)\\':force_original_aspect_ratio=\\'decrease\\':force_divisible_by=\\'2\\',format=pix_fmts=\\'yuv420p\\'",
    );
  });
  it("draws the label and a clock on test sources (lavfi, real time)", () => {
    const args = buildFfmpegArgs(parseSource("test:库房"), opts);
    expect(args.slice(args.indexOf("-re"), args.indexOf("-i"))).toEqual(["-re", "-f", "lavfi"]);
    const graph = valueAfter(args, "-i");
    expect(graph).toBe(testGraph("库房", opts));
    expect(graph.startsWith("testsrc2=size=\\'640x360\\':rate=\\'15\\',drawtext=")).toBe(true);
    expect(graph).toContain("fontfile=\\'/fonts/Noto Sans CJK.ttc\\'");
    expect(graph).toContain("text=\\'库房\\'");
    expect(graph).toContain("text=\\'%{localtime:%Y-%m-%d %H\\\\:%M\\\\:%S}\\'");
  });
  it("falls back to the camera name, and draws no text without a font", () => {
    expect(valueAfter(buildFfmpegArgs(parseSource("test:"), { ...opts, fallbackLabel: "留样间" }), "-i")).toContain("留样间");
    expect(testGraph("库房", { ...opts, fontFile: null })).toBe("testsrc2=size=\\'640x360\\':rate=\\'15\\'");
  });
  it("never makes a test picture larger than the output box, and keeps it even", () => {
    expect(testGraph("", { ...opts, fontFile: null, testWidth: 1921, testHeight: 1081 })).toContain("size=\\'1280x720\\'");
    expect(testGraph("", { ...opts, fontFile: null, testWidth: 321, testHeight: 241 })).toContain("size=\\'320x240\\'");
  });
  it("throws on an invalid source", () => {
    expect(() => buildFfmpegArgs(parseSource("nonsense"), opts)).toThrow(/unsupported source/);
  });
});

describe("drawtext escaping (three levels)", () => {
  it("level 1: literal % and backslash do not expand", () => {
    expect(escapeDrawtextText("100% \\ ok")).toBe("100\\% \\\\ ok");
    expect(escapeDrawtextText("%{pts}")).toBe("\\%{pts}");
  });
  it("level 2: values are single-quoted, a quote is closed, escaped and reopened", () => {
    expect(quoteOptionValue("a:b")).toBe("'a:b'");
    expect(quoteOptionValue("it's")).toBe("'it'\\''s'");
  });
  it("level 3: graph separators and quoting characters are backslash-escaped", () => {
    expect(escapeFilterArgs("a=[x],b;c'\\")).toBe("a=\\[x\\]\\,b\\;c\\'\\\\");
  });
  it("composes into one filter", () => {
    expect(filter("drawtext", { text: escapeDrawtextText("库房 it's 100% [A,B;C]: x\\y") })).toBe(
      "drawtext=text=\\'库房 it\\'\\\\\\'\\'s 100\\\\% \\[A\\,B\\;C\\]: x\\\\\\\\y\\'",
    );
    expect(filter("null")).toBe("null");
    expect(filter("scale", { w: 2, h: undefined })).toBe("scale=w=\\'2\\'");
  });
});

describe("ffmpeg output", () => {
  const stderr = [
    "Input #0, lavfi, from 'testsrc2=size=640x360':",
    "  Stream #0:0: Video: rawvideo (I420 / 0x30323449), yuv420p, 640x360 [SAR 1:1 DAR 16:9], 15 tbr",
    "Stream mapping:",
    "Output #0, rawvideo, to 'pipe:1':",
    "  Stream #0:0(und): Video: rawvideo (I420 / 0x30323449), yuv420p(tv, progressive), 960x720 [SAR 1:1 DAR 4:3], q=2-31, 124416 kb/s, 15 fps",
    "",
  ].join("\n");
  it("learns the output size from the Output section only", () => {
    expect(parseOutputSize(stderr)).toEqual({ width: 960, height: 720 });
    expect(parseOutputSize(stderr.slice(0, stderr.indexOf("Output #0")))).toBeNull();
    expect(parseOutputSize(stderr.slice(0, stderr.indexOf("  Stream #0:0(und)")))).toBeNull();
  });
  it("sizes I420 frames", () => {
    expect(i420Size(1280, 720)).toBe(1_382_400);
    expect(i420Size(640, 360)).toBe(345_600);
    expect(i420Size(3, 3)).toBe(9 + 2 * 4);
  });
  it("cuts a stream into exact frames whatever the chunking, in a buffer of its own", () => {
    const frames: number[][] = [];
    const asm = new FrameAssembler(4, (f) => {
      expect(f.byteOffset).toBe(0);
      expect(f.buffer.byteLength).toBe(4);
      frames.push([...f]);
    });
    asm.push(Uint8Array.of(1, 2, 3));
    asm.push(Uint8Array.of(4, 5));
    asm.push(Uint8Array.of(6, 7, 8, 9, 10, 11, 12, 13));
    expect(frames).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ]);
    expect(asm.frames).toBe(3);
    expect(() => new FrameAssembler(0, () => {})).toThrow();
  });
  it("summarises why ffmpeg failed, without credentials", () => {
    expect(summarizeFfmpegFailure("/srv/x.mp4: No such file or directory\n", { code: 1, signal: null })).toBe("ffmpeg exited with 1: /srv/x.mp4: No such file or directory");
    expect(
      summarizeFfmpegFailure("[tcp @ 0x55d] Connection to tcp://10.0.0.5:554?timeout=0 failed: Connection refused\nrtsp://admin:pw@10.0.0.5/ch1: Connection refused\n", { code: 1, signal: null }),
    ).toBe("ffmpeg exited with 1: rtsp://***@10.0.0.5/ch1: Connection refused");
    expect(summarizeFfmpegFailure("Stream map '0:v:0' matches no streams.\nTo ignore this, add a trailing '?' to the map.\n", { code: 1, signal: null })).toBe(
      "ffmpeg exited with 1: no video stream in the source",
    );
    expect(summarizeFfmpegFailure("", { code: null, signal: "SIGKILL" })).toBe("ffmpeg killed by SIGKILL");
  });
});
