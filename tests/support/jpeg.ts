import jpeg from "jpeg-js";

/** A small real JPEG (a solid colour), for snapshots and photos in tests. */
export function tinyJpeg(width = 32, height = 24, rgb: [number, number, number] = [200, 60, 40]): Uint8Array {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return new Uint8Array(jpeg.encode({ data, width, height }, 80).data);
}

export const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
