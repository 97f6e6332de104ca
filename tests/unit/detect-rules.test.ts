import { describe, expect, it } from "vitest";
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from "../../server/detection/contracts.ts";
import { cstMinuteOfDay, inAnyWindow, inWindow } from "../../media/detect/rules-hours.ts";
import { inZones, pointInPolygon } from "../../media/detect/rules-zones.ts";
import { type AreaKind, type CameraRuleState, evaluateFrame, initialRuleState, median, phoneNearPerson, type RuleContext, type Violation } from "../../media/detect/rules.ts";
import type { Detection } from "../../media/detect/types.ts";

/** 2026-11-23 hh:mm China Standard Time as epoch ms */
const cst = (hhmm: string, day = 23) => Date.parse(`2026-11-${day}T${hhmm}:00+08:00`);
const det = (label: string, score: number, x = 0.4, y = 0.2, w = 0.2, h = 0.6): Detection => ({ label, score, box: { x, y, w, h } });
const person = (score = 0.8) => det("person", score);

function settings(o: Partial<DetectionSettings> = {}): DetectionSettings {
  return { ...DEFAULT_DETECTION_SETTINGS, cooldownSeconds: 60, ...o };
}

/** Runs scripted frames (one per second from `start`) and returns every violation with the final state. */
function run(ctx: RuleContext, start: number, frames: Detection[][], stepMs = 1000, state: CameraRuleState = initialRuleState()) {
  const all: Violation[] = [];
  frames.forEach((ds, i) => {
    const r = evaluateFrame(state, ctx, start + i * stepMs, ds);
    state = r.state;
    all.push(...r.violations);
  });
  return { violations: all, state };
}
const ctxOf = (o: Partial<DetectionSettings> = {}, areaKind: AreaKind = "cooking"): RuleContext => ({ settings: settings(o), areaKind });

describe("hours in China Standard Time", () => {
  it("computes the minute of the day at +08:00 whatever the process TZ", () => {
    expect(cstMinuteOfDay(Date.parse("2026-11-23T00:30:00Z"))).toBe(8 * 60 + 30);
    expect(cstMinuteOfDay(Date.parse("2026-11-23T16:00:00Z"))).toBe(0);
  });
  it("handles ordinary windows, windows spanning midnight and whole-day windows", () => {
    const day = { start: "05:30", end: "20:00" };
    expect(inWindow(day, 5 * 60 + 30)).toBe(true);
    expect(inWindow(day, 20 * 60)).toBe(false);
    const night = { start: "22:00", end: "06:00" };
    expect(inWindow(night, 23 * 60)).toBe(true);
    expect(inWindow(night, 0)).toBe(true);
    expect(inWindow(night, 5 * 60 + 59)).toBe(true);
    expect(inWindow(night, 6 * 60)).toBe(false);
    expect(inWindow(night, 12 * 60)).toBe(false);
    expect(inWindow({ start: "00:00", end: "00:00" }, 12 * 60)).toBe(true);
    expect(inAnyWindow([day], cst("21:00"))).toBe(false);
    expect(inAnyWindow([day, night], cst("21:00"))).toBe(false);
    expect(inAnyWindow([day, night], cst("23:59"))).toBe(true);
  });
});

describe("zones", () => {
  const square: [number, number][] = [
    [0.2, 0.2],
    [0.8, 0.2],
    [0.8, 0.8],
    [0.2, 0.8],
  ];
  it("tests points in polygons (even-odd)", () => {
    expect(pointInPolygon(0.5, 0.5, square)).toBe(true);
    expect(pointInPolygon(0.9, 0.5, square)).toBe(false);
    const ell: [number, number][] = [[0, 0], [1, 0], [1, 0.5], [0.5, 0.5], [0.5, 1], [0, 1]];
    expect(pointInPolygon(0.75, 0.75, ell)).toBe(false);
    expect(pointInPolygon(0.25, 0.75, ell)).toBe(true);
  });
  it("places an object by its box's bottom-centre; no zones is the whole frame", () => {
    // head inside the zone, feet below it: outside
    expect(inZones({ x: 0.4, y: 0.3, w: 0.2, h: 0.6 }, [{ points: square }])).toBe(false);
    // feet inside although most of the box is above
    expect(inZones({ x: 0.4, y: 0.0, w: 0.2, h: 0.7 }, [{ points: square }])).toBe(true);
    expect(inZones({ x: 0, y: 0, w: 1, h: 1 }, [])).toBe(true);
  });
});

describe("after-hours intrusion", () => {
  const ctx = ctxOf({ types: ["after_hours_intrusion"] });
  it("raises once 2 of 3 sampled frames show a person outside working hours", () => {
    const { violations } = run(ctx, cst("23:10"), [[person(0.8)], [person(0.7)]]);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ type: "after_hours_intrusion", confidence: 0.7, at: cst("23:10") + 1000 });
    expect(violations[0]!.boxes[0]!.label).toBe("person");
  });
  it("is silent during working hours", () => {
    expect(run(ctx, cst("10:00"), [[person()], [person()], [person()]]).violations).toEqual([]);
  });
  it("works across midnight with a window that spans it", () => {
    const night = ctxOf({ types: ["after_hours_intrusion"], workingHours: [{ start: "22:00", end: "02:00" }] });
    expect(run(night, cst("23:59"), [[person()], [person()]], 60_000).violations).toEqual([]); // 23:59, 00:00 inside
    expect(run(night, cst("02:00"), [[person()], [person()]]).violations).toHaveLength(1);
  });
});

describe("false-positive controls", () => {
  const ctx = (o: Partial<DetectionSettings> = {}) => ctxOf({ types: ["after_hours_intrusion"], ...o });
  it("median of the last 3 frames: a single good frame is not enough, a flicker in between is", () => {
    expect(run(ctx(), cst("23:00"), [[person(0.9)], [], [], [person(0.9)], []]).violations).toEqual([]);
    // frames 0.9, –, 0.9 → median 0.9 at the third frame
    expect(run(ctx(), cst("23:00"), [[person(0.9)], [], [person(0.9)]]).violations).toHaveLength(1);
  });
  it("median below medianScore stays silent although each frame passes minScore", () => {
    expect(run(ctx(), cst("23:00"), [[person(0.45)], [person(0.45)], [person(0.45)]]).violations).toEqual([]);
    expect(median([0.45, 0.9, 0])).toBe(0.45);
  });
  it("ignores detections under minScore or smaller than minBoxArea", () => {
    const low = run(ctx({ thresholds: { minScore: 0.6, medianScore: 0.3, minBoxArea: 0 } }), cst("23:00"), [[person(0.55)], [person(0.55)], [person(0.55)]]);
    expect(low.violations).toEqual([]);
    const tiny = det("person", 0.9, 0.1, 0.1, 0.01, 0.02); // area 0.0002 < 0.002
    expect(run(ctx(), cst("23:00"), [[tiny], [tiny], [tiny]]).violations).toEqual([]);
  });
  it("per-type thresholds override the camera's", () => {
    const strict = ctx({ typeThresholds: { after_hours_intrusion: { minScore: 0.85 } } });
    expect(run(strict, cst("23:00"), [[person(0.8)], [person(0.8)]]).violations).toEqual([]);
    expect(run(strict, cst("23:00"), [[person(0.9)], [person(0.9)]]).violations).toHaveLength(1);
  });
  it("zones: only a person standing in a zone counts", () => {
    const zones = [{ points: [[0, 0.5], [0.3, 0.5], [0.3, 1], [0, 1]] as [number, number][] }];
    const outside = det("person", 0.9, 0.5, 0.2, 0.2, 0.6);
    const inside = det("person", 0.9, 0.05, 0.2, 0.2, 0.6);
    expect(run(ctx({ zones }), cst("23:00"), [[outside], [outside], [outside]]).violations).toEqual([]);
    const r = run(ctx({ zones }), cst("23:00"), [[outside, inside], [inside]]);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.boxes).toEqual([inside]);
  });
  it("cooldown per camera and type: no repeat within cooldownSeconds, again after it", () => {
    const frames = Array.from({ length: 200 }, () => [person()]);
    const { violations } = run(ctx({ cooldownSeconds: 60 }), cst("23:00"), frames);
    expect(violations.map((v) => (v.at - cst("23:00")) / 1000)).toEqual([1, 61, 121, 181]);
  });
  it("a camera that raises nothing builds no history", () => {
    expect(run(ctx(), cst("23:00"), [[], []]).state.history).toEqual({});
  });
});

describe("phone use", () => {
  const ctx = ctxOf({ types: ["phone_use"] });
  const worker = det("person", 0.85, 0.4, 0.2, 0.2, 0.7);
  it("defines 'near' as the phone's centre within the widened person box", () => {
    expect(phoneNearPerson(det("cell phone", 0.6, 0.55, 0.4, 0.03, 0.05), worker)).toBe(true); // in front of the chest
    expect(phoneNearPerson(det("cell phone", 0.6, 0.62, 0.5, 0.03, 0.05), worker)).toBe(true); // held out at the side
    expect(phoneNearPerson(det("cell phone", 0.6, 0.9, 0.5, 0.03, 0.05), worker)).toBe(false); // on a far shelf
  });
  it("raises with the phone and the person as boxes, scored by the phone", () => {
    const phone = det("cell phone", 0.6, 0.55, 0.4, 0.05, 0.05);
    const { violations } = run(ctx, cst("11:00"), [[worker, phone], [worker, phone]]);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ type: "phone_use", confidence: 0.6 });
    expect(violations[0]!.boxes.map((b) => b.label).sort()).toEqual(["cell phone", "person"]);
  });
  it("a phone with nobody near it is not phone use", () => {
    const lonely = det("cell phone", 0.9, 0.9, 0.9, 0.05, 0.05);
    expect(run(ctx, cst("11:00"), [[worker, lonely], [worker, lonely], [worker, lonely]]).violations).toEqual([]);
  });
});

describe("animal intrusion", () => {
  it("a cat or dog in a food area raises; the dining hall does not", () => {
    const dog = det("dog", 0.9, 0.3, 0.3, 0.4, 0.5);
    expect(run(ctxOf({ types: ["animal_intrusion"] }, "prep_room"), cst("11:00"), [[dog], [dog]]).violations[0]).toMatchObject({ type: "animal_intrusion" });
    expect(run(ctxOf({ types: ["animal_intrusion"] }, "storage"), cst("11:00"), [[det("cat", 0.7)], [det("cat", 0.7)]]).violations).toHaveLength(1);
    expect(run(ctxOf({ types: ["animal_intrusion"] }, "dining"), cst("11:00"), [[dog], [dog], [dog]]).violations).toEqual([]);
  });
  it("is off when the type is not enabled", () => {
    const dog = det("dog", 0.9);
    expect(run(ctxOf({ types: ["after_hours_intrusion"] }, "storage"), cst("11:00"), [[dog], [dog]]).violations).toEqual([]);
  });
});

describe("post absence (离岗)", () => {
  const ctx = ctxOf({ types: ["post_absence"], absenceMinutes: 10, cooldownSeconds: 60 });
  const minute = 60_000;
  it("raises after N minutes without a person in the cooking area during service hours, and again after N more", () => {
    const frames = Array.from({ length: 25 }, () => [] as Detection[]);
    const { violations } = run(ctx, cst("10:30"), frames, minute);
    expect(violations.map((v) => (v.at - cst("10:30")) / minute)).toEqual([10, 20]);
    expect(violations[0]).toMatchObject({ type: "post_absence", confidence: 1, boxes: [] });
  });
  it("a person coming back restarts the count", () => {
    const frames: Detection[][] = Array.from({ length: 15 }, (_, i) => (i === 8 ? [person()] : []));
    const { violations } = run(ctx, cst("10:30"), frames, minute);
    expect(violations.map((v) => (v.at - cst("10:30")) / minute)).toEqual([]); // present at 8 → absent 9..14 = 5 min
  });
  it("outside service hours, or in another area, nothing", () => {
    expect(run(ctx, cst("14:00"), Array.from({ length: 15 }, () => []), minute).violations).toEqual([]);
    const dining = ctxOf({ types: ["post_absence"] }, "dining");
    expect(run(dining, cst("10:30"), Array.from({ length: 15 }, () => []), minute).violations).toEqual([]);
  });
  it("a gap in the samples (camera offline) restarts the count", () => {
    const first = run(ctx, cst("10:30"), Array.from({ length: 5 }, () => []), minute);
    const after = run(ctx, cst("10:30") + 7 * minute, Array.from({ length: 5 }, () => []), minute, first.state);
    expect(after.violations).toEqual([]);
  });
  it("weak person detections lower the confidence", () => {
    const frames = Array.from({ length: 11 }, (_, i) => (i === 3 ? [person(0.2)] : []));
    expect(run(ctx, cst("10:30"), frames, minute).violations[0]!.confidence).toBe(0.8);
  });
});

describe("custom labels", () => {
  it("a mapped label raises its type (camera map over the model's), even when not in types", () => {
    const ctx: RuleContext = { settings: settings({ types: [], labelMap: { no_hat: "no_hat" } }), areaKind: "cooking", modelLabelMap: { rat: "rodent", no_hat: "no_uniform" } };
    const { violations } = run(ctx, cst("11:00"), [[det("no_hat", 0.8), det("rat", 0.7)], [det("no_hat", 0.8), det("rat", 0.7)]]);
    expect(violations.map((v) => v.type).sort()).toEqual(["no_hat", "rodent"]);
  });
  it("a custom phone label mapped to phone_use is scored by itself", () => {
    const ctx: RuleContext = { settings: settings({ types: [], labelMap: { using_phone: "phone_use" } }), areaKind: "cooking" };
    const { violations } = run(ctx, cst("11:00"), [[det("using_phone", 0.7)], [det("using_phone", 0.7)]]);
    expect(violations).toMatchObject([{ type: "phone_use", confidence: 0.7 }]);
  });
});
