import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AlertIngest, AlertIngestResult } from "../../server/alerts/ingest-contracts.ts";
import { AlertQueue } from "../../media/gateway/alert-queue.ts";
import { AlertSender } from "../../media/gateway/alert-sender.ts";
import { ApiRequestError, DeviceTokenRejected } from "../../media/gateway/api-client.ts";
import { silentLogger } from "../../media/gateway/log.ts";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "mcll-alertq-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const alert = (n: number): AlertIngest => ({
  idempotencyKey: `al_test_${String(n).padStart(4, "0")}`,
  cameraId: "cam_test0001",
  type: "after_hours_intrusion",
  confidence: 0.8,
  boxes: [{ x: 0.1, y: 0.1, w: 0.2, h: 0.5, label: "person", score: 0.8 }],
  occurredAt: "2026-11-23T23:00:00.000+08:00",
  snapshotJpegBase64: Buffer.from([0xff, 0xd8, 0xff, 0xd9]).toString("base64"),
});
const FAST = { initialMs: 5, maxMs: 20, factor: 2, jitter: 0 };

/** Resolves when `n` deliveries were reported. */
const deliveries = (sender: AlertSender, n: number) =>
  new Promise<string[]>((resolve) => {
    const keys: string[] = [];
    sender.on("delivered", (d) => {
      keys.push(d.idempotencyKey);
      if (keys.length === n) resolve(keys);
    });
  });

describe("on-disk alert queue", () => {
  it("keeps alerts in the order they were raised, across a restart, and continues the sequence", () => {
    const dir = tempDir();
    const q = new AlertQueue(dir);
    for (let i = 0; i < 12; i++) q.enqueue(alert(i));
    const reopened = new AlertQueue(dir);
    expect(reopened.size).toBe(12);
    expect(reopened.peek()!.alert.idempotencyKey).toBe("al_test_0000");
    reopened.enqueue(alert(99));
    expect(reopened.names().at(-1)).toMatch(/^000000000013-al_test_0099\.json$/);
    reopened.remove(reopened.peek()!.name);
    expect(reopened.peek()!.alert.idempotencyKey).toBe("al_test_0001");
  });
  it("drops half-written files left by a crash and sets unreadable files aside", () => {
    const dir = tempDir();
    const q = new AlertQueue(dir);
    q.enqueue(alert(1));
    writeFileSync(join(dir, "000000000002-al_test_0002.json.tmp"), "{\"half");
    writeFileSync(join(dir, "000000000000-al_test_corrupt.json"), "not json");
    const reopened = new AlertQueue(dir);
    expect(readdirSync(dir).some((f) => f.endsWith(".tmp"))).toBe(false);
    expect(reopened.peek()!.alert.idempotencyKey).toBe("al_test_0001");
    expect(reopened.rejected()).toEqual(["000000000000-al_test_corrupt.json"]);
  });
  it("refuses alerts that break the contract and alerts beyond its capacity", () => {
    const q = new AlertQueue(tempDir(), 2);
    expect(() => q.enqueue({ ...alert(1), confidence: 2 })).toThrow();
    q.enqueue(alert(1));
    q.enqueue(alert(2));
    expect(() => q.enqueue(alert(3))).toThrow(/holds 2 alerts/);
  });
});

describe("alert sender", () => {
  it("delivers in order after the API comes back, each exactly once (stable keys)", async () => {
    const q = new AlertQueue(tempDir());
    let up = false;
    const received: string[] = [];
    let attempts = 0;
    const send = async (a: AlertIngest): Promise<AlertIngestResult> => {
      attempts++;
      if (!up) throw new ApiRequestError("API unreachable", null);
      received.push(a.idempotencyKey);
      return { alertId: "alr_x000001", duplicate: false };
    };
    const sender = new AlertSender(q, send, silentLogger, FAST);
    sender.start();
    for (let i = 0; i < 5; i++) q.enqueue(alert(i));
    sender.wake();
    const done = deliveries(sender, 5);
    const deadline = Date.now() + 5000;
    while (attempts < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(attempts).toBeGreaterThanOrEqual(3); // it retried…
    expect(received).toEqual([]); // …and lost nothing while down
    up = true;
    sender.retryNow();
    expect(await done).toEqual([0, 1, 2, 3, 4].map((i) => alert(i).idempotencyKey));
    expect(received).toEqual([0, 1, 2, 3, 4].map((i) => alert(i).idempotencyKey));
    expect(q.size).toBe(0);
    await sender.stop();
  });
  it("a delivery whose answer was lost is sent again with the same key; the API's duplicate answer clears it", async () => {
    const q = new AlertQueue(tempDir());
    q.enqueue(alert(1));
    const seen: string[] = [];
    const stored = new Set<string>();
    const send = async (a: AlertIngest): Promise<AlertIngestResult> => {
      seen.push(a.idempotencyKey);
      const dup = stored.has(a.idempotencyKey);
      stored.add(a.idempotencyKey);
      if (seen.length === 1) throw new ApiRequestError("socket hang up", null); // stored, answer lost
      if (dup) throw new ApiRequestError("HTTP 409 (duplicate)", 409);
      return { alertId: "alr_x000001", duplicate: false };
    };
    const sender = new AlertSender(q, send, silentLogger, FAST);
    const done = deliveries(sender, 1);
    sender.start();
    await done;
    expect(seen).toEqual([alert(1).idempotencyKey, alert(1).idempotencyKey]);
    expect(stored.size).toBe(1);
    expect(q.size).toBe(0);
    await sender.stop();
  });
  it("a definitive 4xx moves the alert aside and goes on with the next", async () => {
    const q = new AlertQueue(tempDir());
    q.enqueue(alert(1));
    q.enqueue(alert(2));
    const send = async (a: AlertIngest): Promise<AlertIngestResult> => {
      if (a.idempotencyKey === alert(1).idempotencyKey) throw new ApiRequestError("HTTP 422 (unknown camera)", 422);
      return { alertId: "alr_x000002", duplicate: false };
    };
    const sender = new AlertSender(q, send, silentLogger, FAST);
    const rejected = new Promise((r) => sender.once("rejected", r));
    const done = deliveries(sender, 1);
    sender.start();
    expect(await rejected).toMatchObject({ idempotencyKey: alert(1).idempotencyKey });
    expect(await done).toEqual([alert(2).idempotencyKey]);
    expect(q.rejected()).toHaveLength(1);
    await sender.stop();
  });
  it("a 401 pauses delivery (the gateway treats it as revoked) and keeps the alert until resumed", async () => {
    const q = new AlertQueue(tempDir());
    q.enqueue(alert(1));
    let revoked = true;
    const send = async (): Promise<AlertIngestResult> => {
      if (revoked) throw new DeviceTokenRejected("HTTP 401", 401);
      return { alertId: "alr_x000001", duplicate: false };
    };
    const sender = new AlertSender(q, send, silentLogger, FAST);
    const paused = new Promise((r) => sender.once("revoked", r));
    sender.start();
    await paused;
    expect(q.size).toBe(1);
    revoked = false;
    const done = deliveries(sender, 1);
    sender.resume();
    await done;
    expect(q.size).toBe(0);
    await sender.stop();
  });
});
