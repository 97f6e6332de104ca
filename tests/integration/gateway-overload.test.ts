/**
 * Province-scale faults (issue 18) on the real app and a real libSQL file: a gateway flooding heartbeats is
 * throttled per device (429 with Retry-After; other gateways unaffected; admitted again once its allowance
 * has come back) and the gateway's heartbeat sender holds off as asked; a burst of alerts beyond what the
 * instance takes in at once is shed with 503 and Retry-After, nothing half-written, and the gateways' on-disk
 * queues deliver every alert exactly once afterwards.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlertQueue } from "../../media/gateway/alert-queue.ts";
import { AlertSender } from "../../media/gateway/alert-sender.ts";
import { apiControlPlane } from "../../media/gateway/api-client.ts";
import { HeartbeatSender } from "../../media/gateway/heartbeat-sender.ts";
import { silentLogger } from "../../media/gateway/log.ts";
import type { AlertIngest } from "../../server/alerts/ingest-contracts.ts";
import { toIso } from "../../server/clock/time.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { base64, jpegFrame } from "../support/images.ts";

const BURST = 5;
const PER_MINUTE = 60; // one a second: Retry-After 1 s once the burst is spent
const MAX_IN_FLIGHT = 2;

let t: TestApp;
/** the app's clock: the real one, or held still where a test counts heartbeats (a slow machine must not refill them) */
let frozen: number | null = null;
const dirs: string[] = [];
const gatewayCameras = new Map<string, string[]>();

/** The gateways of the demo, each with its device token and its cameras' ids (no LiveKit here: its config would be a 503). */
async function gateway(i: number) {
  const g = t.demo.gateways[i]!;
  if (!gatewayCameras.has(g.gatewayId)) {
    const rows = await t.client.execute({ sql: "select id from cameras where gateway_id = ? order by id", args: [g.gatewayId] });
    expect(rows.rows.length).toBeGreaterThan(0);
    gatewayCameras.set(g.gatewayId, rows.rows.map((r) => String(r.id)));
  }
  return { ...g, cameras: gatewayCameras.get(g.gatewayId)! };
}

const beat = (token: string, cameras: string[]) => t.call("POST", "/api/v1/gateway/heartbeat", { token, body: { cameras: cameras.map((id) => ({ id, status: "online" })) } });

/** The gateway's API client over the in-process app, counting each request and its answer's status. */
function controlPlane(token: string, log: Array<{ path: string; status: number; at: number }>) {
  return apiControlPlane({
    apiUrl: "http://api.test",
    deviceToken: () => token,
    fetch: (async (url: string, init: RequestInit) => {
      const res = await t.app.request(url, init);
      log.push({ path: new URL(url).pathname, status: res.status, at: Date.now() });
      return res;
    }) as typeof fetch,
  });
}

const jpeg = base64(jpegFrame(64, 36, 7));
const alertOf = (cameraId: string, key: string, type: AlertIngest["type"] = "phone_use"): AlertIngest => ({
  idempotencyKey: key,
  cameraId,
  type,
  confidence: 0.9,
  boxes: [{ x: 0.1, y: 0.1, w: 0.3, h: 0.5, label: "person", score: 0.9 }],
  occurredAt: toIso(Date.now() - 1000),
  snapshotJpegBase64: jpeg,
});

/** alerts and repeats stored under these idempotency keys (each alert lands as one or the other) */
async function storedKeys(prefix: string): Promise<string[]> {
  const rows = await t.client.execute({
    sql: "select idempotency_key as k from alerts where idempotency_key like ? union all select idempotency_key from alert_occurrences where idempotency_key like ?",
    args: [`${prefix}%`, `${prefix}%`],
  });
  return rows.rows.map((r) => String(r.k));
}

beforeAll(async () => {
  t = await startTestApp(
    { HEARTBEAT_BURST: String(BURST), HEARTBEAT_PER_MINUTE: String(PER_MINUTE), ALERT_INGEST_MAX_INFLIGHT: String(MAX_IN_FLIGHT), ALERT_SHED_RETRY_AFTER_S: "1" },
    { now: () => frozen ?? Date.now() },
  );
});

afterAll(() => {
  t?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("a gateway flooding heartbeats", () => {
  it("is throttled per device with 429 and Retry-After, other gateways unaffected, and admitted again later", async () => {
    const flooder = await gateway(1);
    const other = await gateway(2);
    frozen = Date.now();
    const answers = [];
    for (let i = 0; i < BURST + 5; i++) answers.push(await beat(flooder.deviceToken, flooder.cameras));
    expect(answers.slice(0, BURST).map((a) => a.status)).toEqual(Array(BURST).fill(200));
    const refused = answers.slice(BURST);
    expect(refused.map((a) => a.status)).toEqual(Array(5).fill(429));
    for (const r of refused) {
      expect(r.json.error.code).toBe("rate_limited");
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(r.headers.get("retry-after"))).toBeLessThanOrEqual(60 / PER_MINUTE + 1);
    }
    // another school's gateway has its own allowance
    expect((await beat(other.deviceToken, other.cameras)).status).toBe(200);
    // a refused heartbeat stamps nothing: the flooder's allowance comes back with time, one a second
    frozen += 2_000;
    expect((await beat(flooder.deviceToken, flooder.cameras)).status).toBe(200);
    expect((await beat(flooder.deviceToken, flooder.cameras)).status).toBe(200);
    expect((await beat(flooder.deviceToken, flooder.cameras)).status).toBe(429);
    frozen = null;
  });

  it("makes the gateway's heartbeat sender hold off for Retry-After, then send the state of then once", async () => {
    const gw = await gateway(3);
    frozen = Date.now();
    for (let i = 0; i < BURST; i++) expect((await beat(gw.deviceToken, gw.cameras)).status).toBe(200);
    const requests: Array<{ path: string; status: number; at: number }> = [];
    let accepted!: () => void;
    const acceptedOnce = new Promise<void>((resolve) => (accepted = resolve));
    let state: "online" | "offline" = "online";
    const sent: string[] = [];
    const sender = new HeartbeatSender({
      control: controlPlane(gw.deviceToken, requests),
      log: silentLogger,
      maySend: () => true,
      cameras: () => gw.cameras.map((id) => ({ id, status: state })),
      onSent: (body) => sent.push(body.cameras[0]!.status),
      onAccepted: () => accepted(),
      onRevoked: async () => {},
    });
    sender.send();
    await sender.settled();
    expect(requests.map((r) => r.status)).toEqual([429]);
    const refusedAt = requests[0]!.at;
    // a flood of sends while held: none reaches the API; the last state is what goes when the hold ends
    for (let i = 0; i < 20; i++) sender.send();
    state = "offline";
    sender.send();
    expect(requests).toHaveLength(1);
    // the API's second passes while the gateway holds off
    frozen += 1_000;
    await acceptedOnce;
    frozen = null;
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    expect(requests[1]!.at - refusedAt).toBeGreaterThanOrEqual(900);
    expect(sent).toEqual(["offline"]);
    const [{ status }] = (await t.client.execute({ sql: "select status from cameras where id = ?", args: [gw.cameras[0]!] })).rows as unknown as Array<{ status: string }>;
    expect(status).toBe("offline");
  });
});

describe("a burst of alerts beyond what the instance takes in at once", () => {
  it("sheds the excess with 503 and Retry-After and writes nothing for a shed alert", async () => {
    const gws = await Promise.all([4, 5, 6, 7, 8].map(gateway));
    const sends = gws.flatMap((g, gi) =>
      Array.from({ length: 8 }, (_, i) => ({ token: g.deviceToken, alert: alertOf(g.cameras[i % g.cameras.length]!, `shed_${gi}_${String(i).padStart(3, "0")}_x`) })),
    );
    const answers = await Promise.all(sends.map((s) => t.call("POST", "/api/v1/gateway/alerts", { token: s.token, body: s.alert })));
    const shed = answers.filter((a) => a.status === 503);
    const stored = answers.filter((a) => a.status === 201);
    expect(shed.length).toBeGreaterThan(0);
    expect(stored.length).toBeGreaterThanOrEqual(MAX_IN_FLIGHT);
    expect(shed.length + stored.length).toBe(sends.length);
    for (const s of shed) {
      expect(s.json.error.code).toBe("service_unavailable");
      expect(s.headers.get("retry-after")).toBe("1");
    }
    // exactly the accepted ones are in the database
    const keys = await storedKeys("shed_");
    const acceptedKeys = sends.filter((_, i) => answers[i]!.status === 201).map((s) => s.alert.idempotencyKey);
    expect(keys.sort()).toEqual(acceptedKeys.sort());
  });

  it("is delivered in full by the gateways' on-disk queues afterwards: none lost, none twice", async () => {
    const gws = await Promise.all([9, 10, 11, 12, 13, 14, 15, 16].map(gateway));
    const PER_GATEWAY = 12;
    const requests: Array<{ path: string; status: number; at: number }> = [];
    const senders = gws.map((g, gi) => {
      const dir = mkdtempSync(join(tmpdir(), "mcll-burst-"));
      dirs.push(dir);
      const queue = new AlertQueue(dir);
      for (let i = 0; i < PER_GATEWAY; i++) queue.enqueue(alertOf(g.cameras[i % g.cameras.length]!, `burst_${gi}_${String(i).padStart(3, "0")}_x`, i % 2 ? "phone_use" : "no_hat"));
      const control = controlPlane(g.deviceToken, requests);
      const sender = new AlertSender(queue, (a) => control.sendAlert(a), silentLogger, { initialMs: 200, maxMs: 2000, factor: 2, jitter: 0.2 });
      const delivered = new Promise<void>((resolve) => {
        let n = 0;
        sender.on("delivered", () => ++n === PER_GATEWAY && resolve());
      });
      sender.on("rejected", (r) => {
        throw new Error(`alert ${r.idempotencyKey} rejected: ${r.reason}`);
      });
      return { queue, sender, delivered };
    });
    senders.forEach((s) => s.sender.start());
    await Promise.all(senders.map((s) => s.delivered));
    await Promise.all(senders.map((s) => s.sender.stop()));

    expect(requests.some((r) => r.status === 503)).toBe(true);
    expect(requests.filter((r) => r.status === 201)).toHaveLength(gws.length * PER_GATEWAY);
    for (const s of senders) {
      expect(s.queue.size).toBe(0);
      expect(s.queue.rejected()).toEqual([]);
    }
    const keys = await storedKeys("burst_");
    expect(keys).toHaveLength(gws.length * PER_GATEWAY);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
