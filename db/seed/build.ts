import { newSecret, sha256Hex } from "../../server/auth/tokens.ts";
import { AREA_NAMES_ZH } from "../../server/canteens/rules.ts";
import type { areas, cameras, canteens, gateways } from "../schema/index.ts";
import { AREA_KINDS, REQUIRED_PATROL_AREAS } from "../schema/canteens.ts";

type AreaKind = (typeof AREA_KINDS)[number];

/** Areas whose cameras parents may watch: where food is cooked, served and cleaned, not the storerooms. */
const PUBLIC_AREAS: ReadonlySet<AreaKind> = new Set(["cooking", "prep_room", "washing", "dining"]);

export interface CanteenBundle {
  canteen: typeof canteens.$inferInsert;
  areas: Array<typeof areas.$inferInsert>;
  cameras: Array<typeof cameras.$inferInsert>;
  gateway: typeof gateways.$inferInsert;
  deviceToken: string;
}

/**
 * One school canteen as the demo and the province-scale seed lay it out: the five required patrol areas
 * (plus extras), one camera per area and two in the cooking area (6–8 cameras), one edge gateway.
 */
export function buildCanteen(opts: {
  newId: (prefix: string) => string;
  random: () => number;
  orgId: string;
  name: string;
  regionCode: string;
  seq: number;
  now: number;
  cameraStatus?: () => "online" | "offline" | "unknown";
}): CanteenBundle {
  const { newId, random, now } = opts;
  const canteenId = newId("cnt");
  const extraKinds: AreaKind[] = (["dining", "sample_retention"] as const).filter(() => random() < 0.5);
  const kinds: AreaKind[] = [...REQUIRED_PATROL_AREAS, ...extraKinds];
  const areaRows = kinds.map((kind, i) => ({ id: newId("ar"), canteenId, kind, name: AREA_NAMES_ZH[kind], createdAt: now + i }));
  const deviceToken = newSecret("mcgw");
  const gateway = { id: newId("gw"), canteenId, name: `${opts.name}边缘网关`, tokenHash: sha256Hex(deviceToken), tokenHint: deviceToken.slice(0, 9), createdAt: now };
  const cameraRows = areaRows.flatMap((area) => {
    const n = area.kind === "cooking" ? 2 : 1;
    return Array.from({ length: n }, (_, i) => {
      const name = n > 1 ? `${area.name}-${i + 1}` : area.name;
      return {
        id: newId("cam"),
        canteenId,
        areaId: area.id,
        gatewayId: gateway.id,
        name,
        source: `test:${name}`,
        ptz: area.kind === "cooking" && i === 0,
        publicVisible: PUBLIC_AREAS.has(area.kind),
        status: opts.cameraStatus?.() ?? "unknown",
        createdAt: now,
      };
    });
  });
  const canteen = {
    id: canteenId,
    orgId: opts.orgId,
    name: opts.name,
    licenseNo: `JY1${opts.regionCode}${String(opts.seq).padStart(7, "0")}`,
    grade: (["A", "A", "B", "B", "C"] as const)[Math.floor(random() * 5)],
    publicSlug: newId("pub").slice(4).toLowerCase(),
    createdAt: now,
  };
  return { canteen, areas: areaRows, cameras: cameraRows, gateway, deviceToken };
}
