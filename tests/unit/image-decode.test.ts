import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { decodeImage } from "../../server/media-store/decode.ts";
import { jpegFrame } from "../support/images.ts";

const pngOf = (width: number, height: number) => new Uint8Array(PNG.sync.write(new PNG({ width, height })));
const text = (s: string) => new TextEncoder().encode(s);

describe("decoding an uploaded image whole (issue 11)", () => {
  it("answers the kind and size of a complete JPEG or PNG", () => {
    expect(decodeImage(jpegFrame(123, 45))).toEqual({ contentType: "image/jpeg", width: 123, height: 45 });
    expect(decodeImage(pngOf(64, 36))).toEqual({ contentType: "image/png", width: 64, height: 36 });
  });

  it("refuses what only starts like an image: 4 bytes, a JPEG header followed by HTML, a truncated file", () => {
    const frame = jpegFrame(640, 360);
    expect(decodeImage(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
    expect(decodeImage(new Uint8Array([...frame.subarray(0, 400), ...text("<html><script>alert(1)</script></html>")]))).toBeNull();
    expect(decodeImage(frame.subarray(0, frame.length - 200))).toBeNull();
    const png = pngOf(64, 36);
    expect(decodeImage(png.subarray(0, png.length - 20))).toBeNull();
    expect(decodeImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]))).toBeNull();
    expect(decodeImage(text("GIF89a"))).toBeNull();
  });

  it("refuses a kind the caller does not take, and a PNG whose header claims a decompression bomb", () => {
    expect(decodeImage(pngOf(8, 8), ["image/jpeg"])).toBeNull();
    const bomb = pngOf(8, 8);
    new DataView(bomb.buffer).setUint32(16, 100_000);
    new DataView(bomb.buffer).setUint32(20, 100_000);
    expect(decodeImage(bomb)).toBeNull();
  });
});
