import { fpRateOf } from "../alerts/rules.ts";
import { eq } from "drizzle-orm";
import { areas, cameras } from "../../db/schema/index.ts";
import { fpCounts } from "../alerts/view.ts";
import { writeAudited } from "../audit/service.ts";
import { areaInScope, cameraInScope } from "../scope/loaders.ts";
import type { DbOrTx } from "../../db/client.ts";
import { CameraDetection, UpdateAreaDetection, UpdateCameraDetection } from "../alerts/contracts.ts";
import { IdParam } from "../contracts/common.ts";
import { DEFAULT_DETECTION_SETTINGS } from "./contracts.ts";
import { effectiveDetection, parseOverride } from "./rules.ts";
import { nowOf } from "../http/env.ts";
import type { z } from "zod";
import type { Caller } from "../http/env.ts";

/** A camera's and an area's AI抓拍 settings: overrides, the effective settings, false-positive rates. */
async function view(db: DbOrTx, camera: typeof cameras.$inferSelect, now: number): Promise<CameraDetection> {
  const [area] = await db.select({ detection: areas.detection }).from(areas).where(eq(areas.id, camera.areaId));
  const counts = await fpCounts(db, [camera.id], now);
  const areaOverride = parseOverride(area?.detection);
  const override = parseOverride(camera.detection);
  return {
    cameraId: camera.id,
    areaOverride,
    override,
    effective: effectiveDetection(DEFAULT_DETECTION_SETTINGS, areaOverride, override, counts),
    fpRates: counts.map((n) => ({ type: n.type, ...fpRateOf(n.falsePositives, n.judged) })),
  };
}


export async function getArea({ deps, scope }: Caller, input: { param: z.infer<typeof IdParam> }) {
  const { area } = await areaInScope(deps.db, scope, input.param.id);
  return { areaId: area.id, override: parseOverride(area.detection) };
}

export async function putArea({ deps, scope, actor }: Caller, input: { param: z.infer<typeof IdParam>, json: z.infer<typeof UpdateAreaDetection> }) {
  const { id } = input.param;
  const { override } = input.json;
  await writeAudited(deps, async (tx) => {
    await areaInScope(tx, scope, id);
    await tx.update(areas).set({ detection: override ? JSON.stringify(override) : null }).where(eq(areas.id, id));
    return { result: null, audit: { actorId: actor.userId, action: "area.detection", targetType: "area", targetId: id, change: { override } } };
  });
  return { areaId: id, override };
}

export async function get({ deps, scope }: Caller, input: { param: z.infer<typeof IdParam> }) {
  const { camera } = await cameraInScope(deps.db, scope, input.param.id);
  return await view(deps.db, camera, nowOf(deps));
}

export async function put({ deps, scope, actor }: Caller, input: { param: z.infer<typeof IdParam>, json: z.infer<typeof UpdateCameraDetection> }) {
  const { db } = deps;
  const { id } = input.param;
  const { override } = input.json;
  const camera = await writeAudited(deps, async (tx) => {
    const { camera } = await cameraInScope(tx, scope, id);
    const detection = override ? JSON.stringify(override) : null;
    await tx.update(cameras).set({ detection }).where(eq(cameras.id, id));
    return { result: { ...camera, detection }, audit: { actorId: actor.userId, action: "camera.detection", targetType: "camera", targetId: id, change: { override } } };
  });
  return await view(db, camera, nowOf(deps));
}
