import { describe, expect, it } from "vitest";
import { decide } from "../../server/lifecycle/transitions.ts";
import { ASSIGNED_ONLY, captureProblem, FIELD_TRANSITIONS, inspectionResultOf, isOverdue, STATUS_RANK } from "../../server/field/rules.ts";

const state = (status: "assigned" | "on_site" | "done" | "cancelled", hasPhoto = false) => ({ status, flags: { hasPhoto } });

describe("the 靶向飞行 lifecycle as data", () => {
  it("goes assigned → on_site → done, photos only on site", () => {
    expect(decide(FIELD_TRANSITIONS.start, state("assigned"))).toMatchObject({ ok: true, status: "on_site" });
    expect(decide(FIELD_TRANSITIONS.photo, state("on_site"))).toMatchObject({ ok: true, status: "on_site", flags: { hasPhoto: true } });
    expect(decide(FIELD_TRANSITIONS.photo, state("assigned"))).toEqual({ ok: false, reason: "field_task_not_on_site" });
    expect(decide(FIELD_TRANSITIONS.complete, state("on_site", true))).toMatchObject({ ok: true, status: "done", closes: true });
  });

  it("refuses a result without a photo, and any step on a closed task", () => {
    expect(decide(FIELD_TRANSITIONS.complete, state("on_site", false))).toEqual({ ok: false, reason: "field_photo_required" });
    expect(decide(FIELD_TRANSITIONS.complete, state("assigned", true))).toEqual({ ok: false, reason: "field_task_not_on_site" });
    for (const closed of ["done", "cancelled"] as const) {
      expect(decide(FIELD_TRANSITIONS.start, state(closed)).ok).toBe(false);
      expect(decide(FIELD_TRANSITIONS.cancel, state(closed))).toEqual({ ok: false, reason: "field_task_closed" });
    }
    expect(decide(FIELD_TRANSITIONS.cancel, state("on_site"))).toMatchObject({ ok: true, status: "cancelled" });
  });

  it("leaves only cancelling to whoever holds the assign permission; the rest to the assigned inspectors", () => {
    expect([...ASSIGNED_ONLY].sort()).toEqual(["complete", "photo", "start"]);
    expect(FIELD_TRANSITIONS.cancel.permission).toBe("field.assign");
    expect(FIELD_TRANSITIONS.complete.requires).toEqual(["note"]);
    expect(FIELD_TRANSITIONS.cancel.requires).toEqual(["note"]);
  });
});

describe("the pure rules", () => {
  const created = Date.UTC(2026, 10, 2, 2, 0);
  it("checks a photo's capture time against the task and the clock (a minute's skew allowed)", () => {
    expect(captureProblem(created + 5_000, created, created + 10_000)).toBeNull();
    expect(captureProblem(created + 70_000, created, created + 5_000)).toBe("captured_in_future");
    expect(captureProblem(created + 50_000, created, created)).toBeNull();
    expect(captureProblem(created - 120_000, created, created + 10_000)).toBe("captured_before_task");
  });

  it("marks open tasks past due as overdue, never closed ones", () => {
    expect(isOverdue({ status: "assigned", dueAt: 100 }, 101)).toBe(true);
    expect(isOverdue({ status: "on_site", dueAt: 100 }, 100)).toBe(false);
    expect(isOverdue({ status: "done", dueAt: 100 }, 1000)).toBe(false);
    expect(isOverdue({ status: "cancelled", dueAt: 100 }, 1000)).toBe(false);
  });

  it("records a confirmed or rectified problem as a problem found; orders the board on site first", () => {
    expect(inspectionResultOf("confirmed")).toBe("issues_found");
    expect(inspectionResultOf("rectified")).toBe("issues_found");
    expect(inspectionResultOf("not_confirmed")).toBe("satisfactory");
    expect(Object.entries(STATUS_RANK).sort((a, b) => a[1] - b[1]).map(([s]) => s)).toEqual(["on_site", "assigned", "done", "cancelled"]);
  });
});
