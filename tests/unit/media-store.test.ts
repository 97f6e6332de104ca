import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localMediaStore, sha256Hex, sniffImage } from "../../server/media-store/store.ts";

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);

describe("local media store", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mcll-media-"));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const store = localMediaStore(dir);

  it("stores bytes under a content address and reads them back", async () => {
    const stored = await store.put(jpeg, "image/jpeg", "snapshot");
    expect(stored.sha256).toBe(sha256Hex(jpeg));
    expect(stored.key).toBe(`snapshot/${stored.sha256.slice(0, 2)}/${stored.sha256}.jpg`);
    expect(await store.get(stored.key)).toEqual(jpeg);
  });

  it("answers null for unknown keys and refuses keys that leave the store", async () => {
    expect(await store.get(`snapshot/00/${"0".repeat(64)}.jpg`)).toBeNull();
    expect(await store.get("../../etc/passwd")).toBeNull();
  });

  it("recognises images by their bytes, not their names", () => {
    expect(sniffImage(jpeg)).toBe("image/jpeg");
    expect(sniffImage(new TextEncoder().encode("hello, not an image"))).toBeNull();
  });
});
