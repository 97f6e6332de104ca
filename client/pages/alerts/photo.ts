/** The longest side of a disposal photo as uploaded: enough to see what was done, small enough for a phone's upload. */
const MAX_SIDE = 1600;

/**
 * A photo from the file picker (or the phone's camera) as base64 JPEG, scaled down in the browser so it
 * fits the API's limit; a browser that cannot decode it sends the original bytes and the server decides.
 */
export async function photoAsBase64(file: File): Promise<string> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d")!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    if (blob) return toBase64(new Uint8Array(await blob.arrayBuffer()));
  } catch {
    /* fall through: the original bytes */
  }
  return toBase64(new Uint8Array(await file.arrayBuffer()));
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
