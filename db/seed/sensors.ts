import type { AREA_KINDS, SENSOR_KINDS } from "../../server/contracts/enums.ts";
import type { sensors } from "../schema/index.ts";

/**
 * The demo's IoT sensors (issue 17): every demo canteen has a 留样 cabinet, a fridge, a disinfection cabinet and a UV
 * lamp, each beside a camera of its area when the canteen has one there, publishing on `demo/<canteen>/<kind>` — what
 * the demo city's simulator (media/gateway/city-sensors.ts) publishes to. Ids are derived from the gateway's, not drawn
 * from the seed's random sequence, so the rest of the demo data stays as it was.
 */
type AreaKind = (typeof AREA_KINDS)[number];
type SensorKind = (typeof SENSOR_KINDS)[number];

const PLACES: Array<{ kind: SensorKind; name: string; areas: AreaKind[] }> = [
  { kind: "sample_cabinet", name: "留样柜", areas: ["sample_retention", "storage"] },
  { kind: "fridge", name: "冷藏冰箱", areas: ["storage"] },
  { kind: "disinfection_cabinet", name: "餐具消毒柜", areas: ["washing"] },
  { kind: "uv_lamp", name: "专间紫外线灯", areas: ["prep_room", "cooking"] },
];

interface Bundle {
  canteen: { id: string };
  gateway: { id?: string };
  areas: Array<{ id?: string; kind: AreaKind }>;
  cameras: Array<{ id?: string; areaId: string }>;
}

export function demoSensorRows(bundles: readonly Bundle[], now: number): Array<typeof sensors.$inferInsert> {
  const rows: Array<typeof sensors.$inferInsert> = [];
  for (const b of bundles) {
    const suffix = b.gateway.id!.split("_")[1]!;
    PLACES.forEach((p, i) => {
      const area = p.areas.map((k) => b.areas.find((a) => a.kind === k)).find(Boolean) ?? b.areas[0]!;
      const camera = b.cameras.find((c) => c.areaId === area.id);
      rows.push({ id: `sen_${suffix}s${i}`, canteenId: b.canteen.id, areaId: area.id!, cameraId: camera?.id ?? null, gatewayId: b.gateway.id!, kind: p.kind, name: p.name, topic: `demo/${b.canteen.id}/${p.kind}`, thresholds: null, createdAt: now });
    });
  }
  return rows;
}
