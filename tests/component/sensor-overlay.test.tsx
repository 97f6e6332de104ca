import { render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { SensorView } from "../../client/api/sensors.ts";
import { createSensorStore } from "../../client/pages/sensors/sensorStore.ts";
import { SensorOverlay } from "../../client/pages/sensors/SensorOverlay.tsx";
import { sparklinePoints } from "../../client/pages/sensors/sparkline.ts";
import { apiError, mockApi, ok } from "./support/api.ts";
import { useCleanSlate } from "./support/render.tsx";

/** The sensors beside a camera drawn on its picture in the live room (issue 17). */
const CAMERA = "cam_sample00001";
const sensor = (id: string, extra: Partial<SensorView> = {}): SensorView => ({
  id,
  canteenId: "cnt_demo00000001",
  areaId: "are_demo00000001",
  cameraId: CAMERA,
  gatewayId: "gw_demo00000001",
  kind: "sample_cabinet",
  name: "留样柜",
  topic: `school/${id}`,
  thresholds: { minC: 0, maxC: 8, forMinutes: 15, minRunMinutes: null },
  latest: { at: "2026-11-23T10:00:00.000+08:00", temperatureC: 4.2, humidityPct: 61, on: null },
  alertId: null,
  ...extra,
});

function mount(focused: boolean) {
  render(() => {
    const store = createSensorStore("cnt_demo00000001", 60_000);
    return <SensorOverlay store={store} cameraId={CAMERA} focused={focused} />;
  });
}

describe("sensors on the camera's picture", () => {
  useCleanSlate();

  it("shows the current value of each sensor beside this camera only, red when out of range", async () => {
    mockApi({
      "GET /sensors": () =>
        ok({ items: [sensor("sen_cabinet001"), sensor("sen_fridge0001", { name: "冰箱", kind: "fridge", latest: { at: "2026-11-23T10:00:00.000+08:00", temperatureC: 9.6, humidityPct: null, on: null } }), sensor("sen_elsewhere1", { cameraId: "cam_other000001", name: "别处" })] }),
    });
    mount(false);
    const chips = await screen.findAllByTestId("sensor-chip");
    expect(chips.map((c) => c.textContent)).toEqual(["留样柜4.2 °C · 61 %", "冰箱9.6 °C"]);
    expect(chips[0]).not.toHaveClass("alarm");
    expect(chips[1]).toHaveClass("alarm");
    expect(screen.queryByTestId("sensor-chart")).toBeNull();
  });

  it("a lamp says on or off; an open alert marks it", async () => {
    mockApi({ "GET /sensors": () => ok({ items: [sensor("sen_uvlamp0001", { kind: "uv_lamp", name: "紫外线灯", latest: { at: "2026-11-23T10:00:00.000+08:00", temperatureC: null, humidityPct: null, on: true }, alertId: "alr_uvshort001" })] }) });
    mount(false);
    const chip = await screen.findByTestId("sensor-chip");
    expect(chip).toHaveTextContent("紫外线灯开");
    expect(chip).toHaveClass("alarm");
  });

  it("the enlarged camera draws each sensor's last hours as a line", async () => {
    const api = mockApi({
      "GET /sensors": () => ok({ items: [sensor("sen_cabinet001")] }),
      "GET /sensors/:id/readings": (req) =>
        ok({ sensorId: req.params.id, from: "", to: "", resolution: "raw", hours: [], readings: [3, 4, 9, 5].map((c, i) => ({ at: `2026-11-23T0${i}:00:00.000+08:00`, temperatureC: c, humidityPct: null, on: null })) }),
    });
    mount(true);
    const chart = await screen.findByTestId("sensor-chart");
    expect(chart.querySelector("polyline")!.getAttribute("points")!.split(" ")).toHaveLength(4);
    expect(api.calls("GET", "/sensors/sen_cabinet001/readings")).toHaveLength(1);
  });

  it("a failed read says the values are not current (never a blank or a crash)", async () => {
    mockApi({ "GET /sensors": () => apiError(503, "service_unavailable", "服务暂不可用") });
    mount(false);
    await waitFor(() => expect(screen.queryByTestId("sensor-overlay")).toBeNull());
    expect(screen.queryByTestId("sensor-chip")).toBeNull();
  });

  it("the line's points fit the box and skip missing values", () => {
    expect(sparklinePoints([1], 100, 20)).toBeNull();
    expect(sparklinePoints([0, null, 10], 100, 20)).toBe("0.0,18.0 100.0,2.0");
  });
});
