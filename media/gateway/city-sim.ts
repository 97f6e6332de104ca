/**
 * The demo city's simulated camera network (pure; `npm start` runs it in media/gateway/city.ts). A synthetic
 * camera that nobody watches is not decoded; instead this says whether it would be reachable right now. Now
 * and then one drops off the network for a minute or few (a blip): drawn from a hash of the camera and the
 * hour, so the same camera blips at the same times on every machine and after a restart.
 */
import { z } from "zod";
import type { Logger } from "./log.ts";

/** Chance that a camera has one blip in a given hour (≈ 2–3 blips an hour across the demo's 260 cameras). */
export const BLIP_CHANCE_PER_HOUR = 0.01;
const HOUR_MS = 3_600_000;

/** FNV-1a, 32 bits, as a fraction in [0, 1). */
function unit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 4294967296;
}

/** The blip of this camera in the hour holding `now`, if it has one: its start and end (ms). */
export function blipOf(cameraId: string, now: number, chance = BLIP_CHANCE_PER_HOUR): { from: number; to: number } | null {
  const hour = Math.floor(now / HOUR_MS);
  if (unit(`${cameraId}:${hour}`) >= chance) return null;
  const from = hour * HOUR_MS + Math.floor(unit(`${cameraId}:${hour}:at`) * 50 * 60_000);
  const to = from + 60_000 + Math.floor(unit(`${cameraId}:${hour}:len`) * 180_000); // 1–4 minutes
  return { from, to };
}

/** null: reachable; otherwise why the camera cannot be reached (its offline reason). */
export function standbyOf(cameraId: string, now: number, chance = BLIP_CHANCE_PER_HOUR): string | null {
  const blip = blipOf(cameraId, now, chance);
  return blip && now >= blip.from && now < blip.to ? "network blip: no answer from the camera (simulated)" : null;
}

/** The demo gateway file: the demo canteen's gateway at the top (as main.ts reads it) and every canteen's in `gateways`. */
export const CityFile = z.object({
  gatewayId: z.string(),
  gateways: z.array(z.object({ canteenId: z.string(), gatewayId: z.string(), name: z.string(), deviceToken: z.string().min(8) })).min(1),
});

/** Per canteen: a name on every line, repeated warnings (a dead camera's retries) at most every 10 minutes. */
export function cityLogger(base: Logger, name: string, verbose: boolean, now: () => number = Date.now): Logger {
  const said = new Map<string, number>();
  const once = (m: string) => {
    const key = m.replace(/\d+(\.\d+)?/g, "#");
    const at = said.get(key);
    if (at !== undefined && now() - at < 600_000) return false;
    said.set(key, now());
    return true;
  };
  return {
    info: (m) => verbose && base.info(`${name}: ${m}`),
    warn: (m) => once(m) && base.warn(`${name}: ${m}`),
    error: (m) => base.error(`${name}: ${m}`),
  };
}
