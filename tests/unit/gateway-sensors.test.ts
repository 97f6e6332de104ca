import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseMessage } from "../../media/gateway/sensor-input.ts";
import { SensorQueue } from "../../media/gateway/sensor-queue.ts";

const topics = new Map([["school/fridge", "sen_fridge0001"]]);
const bytes = (s: string) => new TextEncoder().encode(s);
const NOW = Date.UTC(2026, 10, 2, 2, 0);

describe("a sensor's MQTT message", () => {
  it("becomes a reading of its sensor, stamped with the receive time when it has none", () => {
    expect(parseMessage(topics, "school/fridge", bytes('{"temperatureC":4.5,"humidityPct":60}'), NOW)).toEqual({ ok: true, reading: { sensorId: "sen_fridge0001", at: new Date(NOW).toISOString(), temperatureC: 4.5, humidityPct: 60 } });
    expect(parseMessage(topics, "school/fridge", bytes(`{"on":false,"at":${NOW - 1000}}`), NOW)).toMatchObject({ ok: true, reading: { on: false, at: new Date(NOW - 1000).toISOString() } });
  });
  it.each([
    ["unknown_topic", "school/other", '{"temperatureC":4}'],
    ["not_json", "school/fridge", "21.5 C"],
    ["not_json", "school/fridge", "\xff\xfe"],
    ["out_of_range", "school/fridge", '{"temperatureC":-273}'],
    ["out_of_range", "school/fridge", '{"humidityPct":101}'],
    ["not_a_reading", "school/fridge", '{"temperature":4}'],
    ["not_a_reading", "school/fridge", "null"],
  ])("is dropped as %s: %s %s", (reason, topic, payload) => {
    expect(parseMessage(topics, topic, payload === "\xff\xfe" ? new Uint8Array([0xff, 0xfe]) : bytes(payload), NOW)).toMatchObject({ ok: false, reason });
  });
});

describe("the on-disk queue of reading batches", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), "sensor-queue-"));
    dirs.push(d);
    return d;
  };
  const batch = (id: string) => ({ batchId: id, readings: [{ sensorId: "sen_fridge0001", at: new Date(NOW).toISOString(), temperatureC: 4 }] });

  it("keeps batches in order across a restart, and a half-written file is never sent", () => {
    const d = dir();
    const q = new SensorQueue(d);
    q.enqueue(batch("batch-aaaa01"));
    q.enqueue(batch("batch-aaaa02"));
    writeFileSync(join(d, "000000000003-batch-aaaa03.json.tmp"), "{");
    const again = new SensorQueue(d);
    expect(again.size).toBe(2);
    expect(again.peek()!.batch.batchId).toBe("batch-aaaa01");
    again.remove(again.peek()!.name);
    expect(again.peek()!.batch.batchId).toBe("batch-aaaa02");
    expect(again.enqueue(batch("batch-aaaa04"))).toMatch(/^000000000003-/);
  });
  it("sets a corrupt file aside (rejected/) and goes on with the next", () => {
    const d = dir();
    const q = new SensorQueue(d);
    writeFileSync(join(d, "000000000000-corrupted01.json"), "not json");
    q.enqueue(batch("batch-bbbb02"));
    expect(q.peek()!.batch.batchId).toBe("batch-bbbb02");
    expect(readdirSync(join(d, "rejected"))).toContain("000000000000-corrupted01.json");
  });
  it("refuses a batch when full (the caller logs the loss)", () => {
    const q = new SensorQueue(dir(), 1);
    q.enqueue(batch("batch-cccc01"));
    expect(() => q.enqueue(batch("batch-cccc02"))).toThrow(/holds 1 batches/);
  });
});
