import jpeg from "jpeg-js";

/** A real JPEG frame of the given size (a gradient, so it is not trivially compressible to nothing). */
export function jpegFrame(width = 64, height = 36, seed = 0): Uint8Array {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 4 + seed) & 255;
      data[i + 1] = (y * 7 + seed * 3) & 255;
      data[i + 2] = (x + y + seed * 5) & 255;
      data[i + 3] = 255;
    }
  }
  return new Uint8Array(jpeg.encode({ data, width, height }, 80).data);
}

/** A form with image parts under one field name, plus text fields. */
export function imageForm(field: string, images: Uint8Array[], fields: Record<string, string> = {}, type = "image/jpeg"): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  images.forEach((bytes, i) => form.append(field, new Blob([new Uint8Array(bytes)], { type }), `frame-${i}.jpg`));
  return form;
}

/** A small real JPEG of one solid colour, for alert snapshots and disposal photos. */
export function tinyJpeg(width = 32, height = 24, rgb: [number, number, number] = [200, 60, 40]): Uint8Array {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return new Uint8Array(jpeg.encode({ data, width, height }, 80).data);
}

export const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
