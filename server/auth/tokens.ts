import { createHash } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Random characters from a 62-letter alphabet (rejection sampling keeps it uniform). */
export function randomChars(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** Opaque ids such as `org_k3J9…`. */
export const newId = (prefix: string) => `${prefix}_${randomChars(16)}`;

/** Session and device tokens: 40 random characters (≈238 bits). */
export const newSecret = (prefix: string) => `${prefix}_${randomChars(40)}`;

export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");
