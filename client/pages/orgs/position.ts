import { t } from "../../i18n/index.ts";

/**
 * A school's position as typed on the organisations page (issue 16 item 7): two boxes of WGS-84 degrees, both
 * filled or both empty (empty: off the map). Pure apart from the message's language; the server checks the same.
 */
export type PositionInput = { position: { latitude: number; longitude: number } | null; problem?: undefined } | { problem: string };

export function parsePosition(lat: string, lng: string): PositionInput {
  const a = lat.trim(), b = lng.trim();
  if (!a && !b) return { position: null };
  const latitude = Number(a), longitude = Number(b);
  if (!a || !b || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return { problem: t("map.positionBoth") };
  if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) return { problem: t("map.positionRange") };
  return { position: { latitude, longitude } };
}
