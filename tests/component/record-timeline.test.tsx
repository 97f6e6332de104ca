import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { chinaDay } from "../../client/pages/record/timeline.ts";
import { apiError, mockApi, ok } from "./support/api.ts";
import { inspector } from "./support/fixtures.ts";
import { renderApp, useCleanSlate } from "./support/render.tsx";

/**
 * The 24-hour bar of a camera's day (issue 19 item 4): the recorded spans and the gaps (with their reason) placed at
 * their times, the markers of alerts, inspections and orders at theirs; a click on the bar (and, on desktop, the
 * keyboard: ← → move a cursor, Enter) asks the API to play from that time and opens the canteen's room.
 */
const DAY_MS = 86_400_000;
// yesterday (China time): the whole bar lies in the past, so a click anywhere is a time that can be played
const day = chinaDay(Date.now() - DAY_MS);
/** an instant of `day` at China time hh:mm, as the API writes it */
const at = (hhmm: string) => `${day}T${hhmm}:00.000+08:00`;
const ms = (hhmm: string) => Date.parse(at(hhmm));
const CAMERA = "cam_demo00000001";
const CANTEEN = "cnt_demo00000001";

const recordingDay = () => ({
  cameraId: CAMERA,
  cameraName: "烹饪区-1",
  day,
  recordedMs: 21 * 3_600_000,
  share: 0.875,
  gaps: [
    { start: at("06:00"), end: at("09:00"), reason: "gateway_killed" },
    { start: at("18:00"), end: at("18:30"), reason: "camera_stream_lost: Connection refused" },
  ],
  recorded: [
    { start: at("00:00"), end: at("06:00") },
    { start: at("09:00"), end: at("18:00") },
    { start: at("18:30"), end: at("23:59") },
  ],
  retentionDays: 7,
  markers: [
    { kind: "alert", id: "alr_component001", at: at("12:00"), label: "no_mask" },
    { kind: "inspection", id: "ins_component001", at: at("15:00"), label: "online_patrol" },
    { kind: "order", id: "ord_component001", at: at("16:30"), label: "鄂城整改〔2026〕0001号" },
  ],
  lastAnchorAt: at("23:59"),
  video: { codec: "h264", width: 1280, height: 720, playable: true },
});

const playback = (when: string) => ({
  id: "pb_component0001",
  canteenId: CANTEEN,
  cameraId: CAMERA,
  cameraName: "烹饪区-1",
  room: `canteen:${CANTEEN}`,
  track: "playback:pb_component0001",
  at: when,
  position: when,
  since: new Date().toISOString(),
  speed: 1,
  paused: false,
  startedBy: "usr_component001",
  endedAt: null,
  endReason: null,
  oldest: at("00:00"),
});

function open() {
  const api = mockApi({
    "GET /cameras/:id/recordings": () => ok(recordingDay()),
    "GET /clips": () => ok({ items: [] }),
    "POST /playback": (req) => ({ status: 201, body: playback(req.body.at) }),
  });
  const view = renderApp(`/cameras/${CAMERA}/recordings?day=${day}`, inspector());
  return { api, view };
}

/** a span's left edge and width on the bar, in percent of the day, as drawn */
const place = (el: HTMLElement) => ({ left: parseFloat(el.style.left), width: parseFloat(el.style.width) });
const pct = (hhmm: string) => ((ms(hhmm) - ms("00:00")) / DAY_MS) * 100;

describe("the recording timeline's 24-hour bar", () => {
  useCleanSlate();
  afterEach(() => vi.restoreAllMocks());

  it("draws the gaps at their times with their reason, and the recorded spans between them", async () => {
    open();
    const gaps = await screen.findAllByTestId("record-gap-mark");
    expect(gaps).toHaveLength(2);
    expect(place(gaps[0]!).left).toBeCloseTo(pct("06:00"), 5);
    expect(gaps[0]).toHaveAttribute("title", "网关异常停止（正在写入的片段丢失）");
    expect(place(gaps[1]!).left).toBeCloseTo(pct("18:00"), 5);
    expect(gaps[1]!.getAttribute("title")).toBe("摄像头视频流中断");
    const spans = screen.getAllByTestId("record-span");
    expect(spans.map((s) => place(s).left)).toEqual([0, pct("09:00"), pct("18:30")].map((v) => expect.closeTo(v, 5)));
    // (a gap's width is drawn as max(2px, …%), which jsdom's style parser drops: the spans' widths frame the gaps)
    expect(spans.map((s) => place(s).width)).toEqual([25, 37.5, pct("23:59") - pct("18:30")].map((v) => expect.closeTo(v, 5)));
    // the gaps listed in words too, with their length and reason
    const listed = screen.getAllByTestId("record-gap");
    expect(listed[0]).toHaveTextContent("3.0 小时");
    expect(listed[0]).toHaveTextContent("网关异常停止");
    expect(screen.getByTestId("record-share")).toHaveTextContent("87.5%");
  });

  it("places the markers of alerts, inspections and orders at their times", async () => {
    open();
    await screen.findAllByTestId("record-bar-mark");
    const marks = screen.getAllByTestId("record-bar-mark");
    expect(marks.map((m) => [m.dataset.kind, m.dataset.id])).toEqual([
      ["alert", "alr_component001"],
      ["inspection", "ins_component001"],
      ["order", "ord_component001"],
    ]);
    for (const [m, hhmm] of [[marks[0]!, "12:00"], [marks[1]!, "15:00"], [marks[2]!, "16:30"]] as const) expect(parseFloat(m.style.left)).toBeCloseTo(pct(hhmm), 5);
    expect(marks[0]!.getAttribute("title")).toMatch(/^AI抓拍预警 · /);
    expect(marks[2]!.getAttribute("title")).toBe("整改通知 · 鄂城整改〔2026〕0001号");
    expect(screen.getAllByTestId("record-marker").map((li) => li.dataset.kind)).toEqual(["alert", "inspection", "order"]);
  });

  it("a click on the bar plays from the time under it and opens the canteen's room", async () => {
    const { api, view } = open();
    const bar = await screen.findByTestId("record-bar");
    // jsdom lays nothing out: the bar is 960 px wide at x = 20
    vi.spyOn(bar, "getBoundingClientRect").mockReturnValue({ left: 20, top: 0, width: 960, height: 48, right: 980, bottom: 48, x: 20, y: 0, toJSON: () => ({}) });
    fireEvent.click(bar, { clientX: 20 + 960 * (13.5 / 24) }); // 13:30
    await waitFor(() => expect(api.calls("POST", "/playback")).toHaveLength(1));
    const body = api.calls("POST", "/playback")[0]!.body;
    expect(body.cameraId).toBe(CAMERA);
    expect(Date.parse(body.at)).toBe(ms("13:30"));
    await waitFor(() => expect(view.location()).toBe(`/live/${CANTEEN}`));
  });

  it("on the keyboard the bar is a slider: ← → move its cursor by a minute (Shift: ten), Enter plays from there; the day stays", async () => {
    const { api, view } = open();
    const bar = await screen.findByTestId("record-bar");
    expect(bar).toHaveAttribute("role", "slider");
    expect(bar).toHaveAttribute("tabindex", "0");
    expect(bar.getAttribute("aria-label")).toMatch(/Enter/);
    bar.focus();
    // the cursor starts a minute before the last recorded instant (23:59): one more minute back is 23:57
    fireEvent.keyDown(bar, { key: "ArrowLeft" });
    expect(Number(bar.dataset.cursor)).toBe(ms("23:57"));
    fireEvent.keyDown(bar, { key: "ArrowLeft", shiftKey: true });
    fireEvent.keyDown(bar, { key: "ArrowLeft", shiftKey: true });
    fireEvent.keyDown(bar, { key: "ArrowRight" });
    expect(Number(bar.dataset.cursor)).toBe(ms("23:38"));
    expect(bar.getAttribute("aria-valuetext")).toMatch(/23:38/);
    expect(screen.getByTestId("record-cursor")).toBeInTheDocument();
    // Home: the day's first recording
    fireEvent.keyDown(bar, { key: "Home" });
    expect(Number(bar.dataset.cursor)).toBe(ms("00:00"));
    fireEvent.keyDown(bar, { key: "ArrowLeft" }); // not before the day's start
    expect(Number(bar.dataset.cursor)).toBe(ms("00:00"));
    fireEvent.keyDown(bar, { key: "ArrowRight", shiftKey: true });
    // the arrows on the bar did not step the day (the page's ← → do that elsewhere)
    expect(view.location()).toContain(`day=${day}`);
    expect(api.calls("GET", `/cameras/${CAMERA}/recordings`)).toHaveLength(1);
    expect(api.calls("POST", "/playback")).toHaveLength(0);
    fireEvent.keyDown(bar, { key: "Enter" });
    await waitFor(() => expect(api.calls("POST", "/playback")).toHaveLength(1));
    expect(Date.parse(api.calls("POST", "/playback")[0]!.body.at)).toBe(ms("00:10"));
    await waitFor(() => expect(view.location()).toBe(`/live/${CANTEEN}`));
  });

  it("says why when the playback is refused, and stays on the timeline", async () => {
    mockApi({
      "GET /cameras/:id/recordings": () => ok(recordingDay()),
      "GET /clips": () => ok({ items: [] }),
      "POST /playback": () => apiError(503, "service_unavailable", "网关离线，无法回放"),
    });
    const view = renderApp(`/cameras/${CAMERA}/recordings?day=${day}`, inspector());
    const bar = await screen.findByTestId("record-bar");
    bar.focus();
    fireEvent.keyDown(bar, { key: "Enter" });
    expect(await screen.findByText(/网关离线，无法回放/)).toBeInTheDocument();
    expect(view.location()).toContain("/recordings");
  });
});
