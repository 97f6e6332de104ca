/**
 * npm run bench:publish — how long writes that announce into a LiveKit room take to answer when nobody is in
 * the room (issue 10: they used to wait ~3 s for LiveKit's send timeout; target ≤ 50 ms p95). Real API on Node,
 * real LiveKit, the demo canteen's room empty (no gateway, no browser). Prints p50/p95/max per write.
 */
import { eq } from "drizzle-orm";
import { loadavg } from "node:os";
import { cameras } from "../../db/schema/index.ts";
import { legalBasisId } from "../../db/seed/legal-bases.ts";
import { imageForm, jpegFrame } from "../support/images.ts";
import { startStack } from "../support/stack.ts";

const RUNS = Number(process.env.RUNS ?? 20);
const stack = await startStack({ name: "bench-publish", livekit: true, env: { ORDER_SWEEP_SECONDS: "0", ALERT_SWEEP_SECONDS: "0" } });
const { call } = stack;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const times: Record<string, number[]> = {};
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  (times[label] ??= []).push(performance.now() - t0);
  return out;
}
const ok = <R extends { status: number; text: string }>(r: R, want: number): R => {
  if (r.status !== want) throw new Error(`expected ${want}, got ${r.status}: ${r.text}`);
  return r;
};

try {
  const inspector = await stack.login("echeng.inspector");
  const principal = await stack.login("school.principal");
  const canteenId = stack.demo.canteenId;
  const [camera] = await stack.api.database.db.select().from(cameras).where(eq(cameras.canteenId, canteenId));
  for (let i = 0; i < RUNS; i++) {
    const inspection = ok(await timed("inspection start (session)", () => call("POST", "/api/v1/inspections", { token: inspector, body: { canteenId, kind: "online_patrol" } })), 201).json;
    const frame = ok(await timed("snapshot freeze (annot)", () => call("POST", "/api/v1/snapshots", { token: inspector, form: imageForm("file", [jpegFrame(320, 180, i)], { cameraId: camera!.id, inspectionId: inspection.id }) })), 201).json;
    ok(await timed("snapshot show (annot)", () => call("POST", `/api/v1/snapshots/${frame.id}/show`, { token: inspector })), 200);
    ok(await timed("annotation commit (annot)", () => call("POST", `/api/v1/snapshots/${frame.id}/annotations`, { token: inspector, body: { shape: { kind: "rect", x: 0.1, y: 0.1, w: 0.2, h: 0.2 } } })), 201);
    const order = ok(
      await timed("order issue (order)", () =>
        call("POST", "/api/v1/orders", { token: inspector, body: { inspectionId: inspection.id, items: [{ problem: "备餐间未开启紫外线灯", severity: "major", legalBasisId: legalBasisId("fsl-56"), snapshotIds: [frame.id] }] } }),
      ),
      201,
    ).json;
    ok(await timed("order acknowledge (order)", () => call("POST", `/api/v1/orders/${order.id}/acknowledge`, { token: principal })), 200);
    const checklist = ["storage", "rough_processing", "cooking", "prep_room", "washing"].map((areaKind) => ({ areaKind, status: "ok" }));
    ok(await timed("inspection end (session)", () => call("POST", `/api/v1/inspections/${inspection.id}/end`, { token: inspector, body: { outcome: "巡查完毕", checklist } })), 200);
  }
  const [l1] = loadavg();
  console.log(`\nbench:publish — writes that announce into an empty room, n=${RUNS} each (load average ${l1!.toFixed(2)})`);
  for (const [label, list] of Object.entries(times)) {
    const s = [...list].sort((a, b) => a - b);
    console.log(`  ${label.padEnd(30)} p50 ${percentile(s, 50).toFixed(1)} ms   p95 ${percentile(s, 95).toFixed(1)} ms   max ${s[s.length - 1]!.toFixed(1)} ms`);
  }
} finally {
  await stack.close();
}
