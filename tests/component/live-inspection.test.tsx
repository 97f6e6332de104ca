import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import type { Inspection } from "../../client/types.ts";
import { apiError, mockApi, ok } from "./support/api.ts";
import { inspector, meAs, principal } from "./support/fixtures.ts";
import { GRANTS, lastFake } from "./support/live.ts";
import { CANTEEN_ID, canteenDetail, inspection } from "./support/liveFixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

vi.mock("../../client/live/controller.ts", async () => (await import("./support/live.ts")).fakeControllerModule);

const AREAS = ["storage", "rough_processing", "cooking", "prep_room", "washing"] as const;

function api(active: Inspection | null = null, extra: Parameters<typeof mockApi>[0] = {}) {
  let current = active;
  const mock = mockApi({
    ...extra,
    "GET /canteens/:id": () => ok(canteenDetail()),
    // a school's live room reads its unread dispatch notices (issue 16): none here
    "GET /notices": () => ok({ items: [], nextCursor: null }),
    "GET /inspections": () => ok({ items: current ? [current] : [], nextCursor: null }),
    "POST /inspections": (req) => {
      current = inspection({ kind: req.body.kind });
      return { status: 201, body: current };
    },
    "POST /inspections/:id/end": (req) => {
      const ended = inspection({ status: "ended", endedAt: "2026-09-01T10:00:00.000+08:00", outcome: req.body.outcome, checklist: req.body.checklist, result: "issues_found" });
      current = null;
      return ok(ended);
    },
  });
  return { ...mock, setActive: (i: Inspection | null) => (current = i) };
}

async function open(me = inspector()) {
  renderApp(`/live/${CANTEEN_ID}`, me);
  // the first test also loads the lazily imported live page: slow on a busy machine
  await screen.findByTestId("inspection-panel", {}, { timeout: 10_000 });
  return lastFake();
}

describe("inspection panel", () => {
  useCleanSlate();

  it("an inspector starts an inspection of the chosen kind", async () => {
    const mock = api();
    await open();
    await screen.findByTestId("inspection-start-form");
    expect(screen.getByTestId("inspection-none")).toHaveTextContent("当前没有进行中的检查");
    fireEvent.change(screen.getByTestId("inspection-kind"), { target: { value: "online_patrol" } });
    fireEvent.submit(screen.getByTestId("inspection-start-form"));
    const active = await screen.findByTestId("active-inspection");
    expect(mock.calls("POST", "/inspections")[0]!.body).toEqual({ canteenId: CANTEEN_ID, kind: "online_patrol" });
    expect(active).toHaveTextContent("在线巡查进行中");
    expect(screen.getByTestId("active-inspection-by")).toHaveTextContent("鄂城区巡查员 张敏");
    expect(screen.getByTestId("inspection-end-form")).toBeInTheDocument();
    expect(screen.queryByTestId("inspection-start-form")).toBeNull();
  });

  it("an inspector starts an inspection of a past time: recorded as such, and played back from the panel (issue 19)", async () => {
    const mock = api(null, { "POST /playback": (req) => ({ status: 201, body: { id: "pb_component01", cameraId: req.body.cameraId, at: req.body.at } }) });
    await open();
    await screen.findByTestId("inspection-start-form");
    fireEvent.input(screen.getByTestId("inspection-past-time"), { target: { value: "2026-09-01T08:15:30" } });
    fireEvent.submit(screen.getByTestId("inspection-start-form"));
    await screen.findByTestId("active-inspection");
    expect(mock.calls("POST", "/inspections")[0]!.body).toEqual({ canteenId: CANTEEN_ID, kind: "live_inspection", reviewedAt: "2026-09-01T00:15:30.000Z" });
    const panel = await screen.findByTestId("past-playback");
    fireEvent.click(within(panel).getByTestId("past-playback-play"));
    await waitFor(() => expect(mock.calls("POST", "/playback")).toHaveLength(1));
    expect(mock.calls("POST", "/playback")[0]!.body.cameraId).toBe(canteenDetail().cameras[0]!.id);
  });

  it("the end form requires a result for each of the five required areas and an outcome, and sends nothing until then", async () => {
    const mock = api(inspection());
    await open();
    const form = await screen.findByTestId("inspection-end-form");
    const items = within(form).getAllByTestId("checklist-item");
    expect(items.map((i) => i.dataset.areaKind)).toEqual([...AREAS]);
    expect(items.map((i) => i.querySelector("legend")!.textContent)).toEqual(["食品库房", "粗加工制作区", "烹饪区", "备餐间", "餐用具洗消区"]);

    fireEvent.submit(form);
    let problems = screen.getByTestId("checklist-error");
    expect(problems).toHaveTextContent("食品库房、粗加工制作区、烹饪区、备餐间、餐用具洗消区");
    expect(problems).toHaveTextContent("请填写检查结论");

    fireEvent.click(screen.getByTestId("checklist-storage-ok"));
    fireEvent.click(screen.getByTestId("checklist-cooking-issue"));
    fireEvent.input(screen.getByTestId("inspection-outcome"), { target: { value: "烹饪区生熟未分开" } });
    fireEvent.submit(form);
    problems = screen.getByTestId("checklist-error");
    expect(problems).toHaveTextContent("粗加工制作区、备餐间、餐用具洗消区");
    expect(problems).not.toHaveTextContent("食品库房");
    expect(problems).not.toHaveTextContent("结论");
    expect(mock.calls("POST", `/inspections/${inspection().id}/end`)).toHaveLength(0);

    fireEvent.click(screen.getByTestId("checklist-rough_processing-ok"));
    fireEvent.click(screen.getByTestId("checklist-prep_room-not_seen"));
    fireEvent.click(screen.getByTestId("checklist-washing-ok"));
    fireEvent.input(screen.getByTestId("checklist-cooking-note"), { target: { value: " 生熟砧板混用 " } });
    fireEvent.submit(form);

    const ended = await screen.findByTestId("inspection-ended");
    expect(ended).toHaveTextContent("远程实时检查已结束：发现问题");
    const [call] = mock.calls("POST", `/inspections/${inspection().id}/end`);
    expect(call!.body).toEqual({
      outcome: "烹饪区生熟未分开",
      checklist: [
        { areaKind: "storage", status: "ok" },
        { areaKind: "rough_processing", status: "ok" },
        { areaKind: "cooking", status: "issue", note: "生熟砧板混用" },
        { areaKind: "prep_room", status: "not_seen" },
        { areaKind: "washing", status: "ok" },
      ],
    });
    expect(screen.queryByTestId("active-inspection")).toBeNull();
    expect(screen.getByTestId("inspection-start-form")).toBeInTheDocument();
  });

  it("someone else started one meanwhile (409): says so and shows theirs", async () => {
    const mock = mockApi({
      "GET /canteens/:id": () => ok(canteenDetail()),
      "GET /inspections": () => ok({ items: mock.calls("POST", "/inspections").length ? [inspection({ startedBy: { id: "usr_admin000001", displayName: "鄂州市监局管理员" } })] : [], nextCursor: null }),
      "POST /inspections": () => apiError(409, "conflict", "该食堂已有进行中的检查"),
    });
    await open();
    fireEvent.submit(await screen.findByTestId("inspection-start-form"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("该食堂已有进行中的检查");
    expect(await screen.findByTestId("active-inspection-by")).toHaveTextContent("鄂州市监局管理员");
  });

  it("a principal sees the active inspection (who, when) but cannot start or end one", async () => {
    api(inspection());
    await open(principal());
    const active = await screen.findByTestId("active-inspection");
    expect(active).toHaveTextContent("远程实时检查进行中");
    expect(screen.getByTestId("active-inspection-by")).toHaveTextContent(/由 鄂城区巡查员 张敏 于 2026\/9\/1 \d{2}:30 发起/);
    expect(screen.queryByTestId("inspection-start-form")).toBeNull();
    expect(screen.queryByTestId("inspection-end-form")).toBeNull();
  });
});

describe('"session" messages in the room', () => {
  useCleanSlate();

  it("start and end the inspection on a viewer's page as they happen (staff: no inspections.read)", async () => {
    const mock = api();
    const live = await open(meAs("canteen_staff", "school", "食堂员工 赵丽"));
    expect(mock.calls("GET", "/inspections")).toHaveLength(0);
    // it cannot read inspections, so it does not claim there is none
    expect(screen.getByTestId("inspection-unknown")).toHaveTextContent("检查开始和结束时会在这里显示");
    expect(screen.queryByTestId("inspection-none")).toBeNull();
    live.emit("session", { type: "inspection.started", inspection: inspection() });
    expect(await screen.findByTestId("active-inspection")).toHaveTextContent("远程实时检查进行中");
    live.emit("session", { type: "inspection.ended", inspection: inspection({ status: "ended", result: "satisfactory", endedAt: "2026-09-01T10:00:00.000+08:00" }) });
    expect(await screen.findByTestId("inspection-ended")).toHaveTextContent("符合要求");
    expect(screen.queryByTestId("active-inspection")).toBeNull();
  });

  it("a viewer without inspections.read (a parent) learns the inspection in progress from the room token", async () => {
    const mock = api(null, {
      "POST /live/token": () =>
      ok({
        url: "ws://127.0.0.1:7880",
        token: "eyJ.test.token",
        room: `canteen:${CANTEEN_ID}`,
        identity: "usr_parent0001",
        expiresAt: "2099-01-01T00:00:00.000+08:00",
        grants: GRANTS.parent,
        activeInspection: { id: inspection().id, kind: "online_patrol", startedAt: "2026-09-01T09:00:00.000+08:00", startedBy: { displayName: "鄂城区巡查员 张敏" } },
      }),
    });
    await open(meAs("parent_rep", "school", "家长代表 李华"));
    const active = await screen.findByTestId("active-inspection");
    expect(active).toHaveTextContent("在线巡查进行中");
    expect(screen.getByTestId("active-inspection-by")).toHaveTextContent("鄂城区巡查员 张敏");
    expect(mock.calls("GET", "/inspections")).toHaveLength(0);
    expect(screen.queryByTestId("inspection-unknown")).toBeNull();
  });

  it("a token saying none in progress shows none, for staff too", async () => {
    api(null, {
      "POST /live/token": () =>
        ok({ url: "ws://127.0.0.1:7880", token: "eyJ.test.token", room: `canteen:${CANTEEN_ID}`, identity: "usr_staff00001", expiresAt: "2099-01-01T00:00:00.000+08:00", grants: GRANTS.principal, activeInspection: null }),
    });
    await open(meAs("canteen_staff", "school", "食堂员工 赵丽"));
    expect(await screen.findByTestId("inspection-none")).toBeInTheDocument();
    expect(screen.queryByTestId("active-inspection")).toBeNull();
  });

  it("an invalid or forged message is ignored with a console warning", async () => {
    api();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const live = await open(principal());
    await screen.findByTestId("inspection-none");

    live.emit("session", "{not json");
    live.emit("session", { type: "inspection.started", inspection: { ...inspection(), startedBy: undefined } });
    live.emit("session", { type: "inspection.started", inspection: { ...inspection(), status: "paused" } });
    live.emit("session", { type: "inspection.hijacked", inspection: inspection() });
    // well-formed, but sent by a participant rather than the server
    live.emit("session", { type: "inspection.started", inspection: inspection() }, "usr_somebody01");
    // another canteen's
    live.emit("session", { type: "inspection.started", inspection: inspection({ canteenId: "cnt_other000001" }) });
    // other topics are not for this panel (the annotation layer drops this one as an invalid "annot" message)
    live.emit("annot", { type: "inspection.started", inspection: inspection() });

    await Promise.resolve();
    expect(screen.queryByTestId("active-inspection")).toBeNull();
    expect(screen.getByTestId("inspection-none")).toBeInTheDocument();
    expect(warn).toHaveBeenCalledTimes(6);
    expect(warn.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(/"session" is not sent by a browser/);
    expect(warn.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(/invalid "annot" message/);
    warn.mockRestore();

    // and a valid one still works afterwards
    live.emit("session", { type: "inspection.started", inspection: inspection() });
    expect(await screen.findByTestId("active-inspection")).toBeInTheDocument();
  });

  it("re-reads the active inspection after a reconnection, so nothing said while away is missed", async () => {
    const mock = api();
    const live = await open(principal());
    await waitFor(() => expect(mock.calls("GET", "/inspections")).toHaveLength(1));
    expect(mock.calls("GET", "/inspections")[0]!.url.searchParams.get("status")).toBe("active");
    live.setState("connected");
    await waitFor(() => expect(mock.calls("GET", "/inspections")).toHaveLength(2));
    live.setState("reconnecting");
    mock.setActive(inspection());
    live.setState("connected");
    expect(await screen.findByTestId("active-inspection")).toBeInTheDocument();
    expect(mock.calls("GET", "/inspections")).toHaveLength(3);
  });
});

describe("a spot check run from live view (网上抽查, issue 12)", () => {
  useCleanSlate();

  const CHECK = "spk_component01";
  const check = (extra: Record<string, unknown> = {}) => ({ id: CHECK, drawId: "drw_component01", drawName: "2026年12月第一批网上抽查", canteenId: CANTEEN_ID, canteenName: "鄂城区第一中学食堂", status: "pending", result: null, inspectionId: null, note: null, inspectorIds: ["usr_inspector01"], completedAt: null, ...extra });

  it("the card's live link starts a spot-check inspection; once ended, the card records its result with the inspection", async () => {
    let current: Inspection | null = null;
    let ended: Inspection | null = null;
    let done = false;
    const mock = mockApi({
      "GET /canteens/:id": () => ok(canteenDetail()),
      "GET /inspections": () => ok({ items: current ? [current] : [], nextCursor: null }),
      "GET /inspections/:id": () => ok(ended),
      "POST /inspections": (req) => {
        current = inspection({ id: "ins_spot00000001", kind: req.body.kind });
        return { status: 201, body: current };
      },
      "POST /inspections/:id/end": (req) => {
        ended = inspection({ id: "ins_spot00000001", kind: "spot_check", status: "ended", endedAt: "2026-12-05T10:00:00.000+08:00", outcome: req.body.outcome, checklist: req.body.checklist, result: "issues_found" });
        current = null;
        return ok(ended);
      },
      "GET /patrol/spot-checks": () => ok({ items: [done ? check({ status: "done", result: "issues_found", inspectionId: "ins_spot00000001", note: "备餐间未开紫外灯", completedAt: "2026-12-05T10:01:00.000+08:00" }) : check()] }),
      "POST /patrol/spot-checks/:id/complete": () => {
        done = true;
        return ok(check({ status: "done" }));
      },
    });
    const app = renderApp("/patrol/spot-checks", inspector());
    // both pages are imported lazily: slow on a busy machine
    const link = await screen.findByTestId("live-link", {}, { timeout: 10_000 });
    expect(link.getAttribute("href")).toBe(`/live/${CANTEEN_ID}?spotCheck=${CHECK}`);
    fireEvent.click(link);
    await screen.findByTestId("inspection-panel", {}, { timeout: 10_000 });
    const kind = (await screen.findByTestId("inspection-kind")) as HTMLSelectElement;
    expect(kind.value).toBe("spot_check");
    expect(kind.selectedOptions[0]).toHaveTextContent("双随机抽查");
    fireEvent.submit(screen.getByTestId("inspection-start-form"));
    await screen.findByTestId("active-inspection");
    expect(mock.calls("POST", "/inspections")[0]!.body).toEqual({ canteenId: CANTEEN_ID, kind: "spot_check" });

    const form = await screen.findByTestId("inspection-end-form");
    for (const area of AREAS) fireEvent.click(screen.getByTestId(`checklist-${area}-${area === "prep_room" ? "issue" : "ok"}`));
    fireEvent.input(within(form).getByTestId("inspection-outcome"), { target: { value: "备餐间未开紫外灯" } });
    fireEvent.submit(form);
    const back = await screen.findByTestId("spot-check-record");
    expect(back).toHaveTextContent("返回抽查任务，记录结论");
    fireEvent.click(back);
    await waitFor(() => expect(app.location()).toBe(`/patrol/spot-checks?check=${CHECK}&inspection=ins_spot00000001`));

    // the card: linked to the inspection, its result and outcome filled in
    expect(await screen.findByTestId("spot-check-linked", {}, { timeout: 10_000 })).toHaveTextContent("已关联本次网上抽查的检查记录");
    await waitFor(() => expect(screen.getByTestId("spot-result-issues_found")).toHaveAttribute("aria-checked", "true"));
    expect(screen.getByTestId("spot-check-note")).toHaveValue("备餐间未开紫外灯");
    fireEvent.submit(screen.getByTestId("spot-check-form"));
    await waitFor(() => expect(mock.calls("POST", `/patrol/spot-checks/${CHECK}/complete`)).toHaveLength(1));
    expect(mock.calls("POST", `/patrol/spot-checks/${CHECK}/complete`)[0]!.body).toEqual({ result: "issues_found", note: "备餐间未开紫外灯", inspectionId: "ins_spot00000001" });
    // done: 转靶向飞行 from the finding
    expect(await screen.findByTestId("to-field")).toHaveTextContent("转靶向飞行");
  }, 30_000);

  it("opened without a spot check, the live page offers no spot-check inspection", async () => {
    mockApi({ "GET /canteens/:id": () => ok(canteenDetail()), "GET /inspections": () => ok({ items: [], nextCursor: null }) });
    await open();
    const kind = (await screen.findByTestId("inspection-kind")) as HTMLSelectElement;
    expect([...kind.options].map((o) => o.value)).toEqual(["live_inspection", "online_patrol"]);
  });
});
