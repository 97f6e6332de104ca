/** The canteen page's GB/T 28181 panel (issue 17): empty state, a device with its state and channels, adding a device and a channel as a camera, an error from the API. */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { Gb28181Panel } from "../../client/pages/canteens/Gb28181Panel.tsx";
import { setLang } from "../../client/i18n/index.ts";
import type { Area, Gateway } from "../../client/types.ts";
import { apiError, mockApi, ok } from "./support/api.ts";
import { useCleanSlate } from "./support/render.tsx";

const CANTEEN = "cnt_component1";
const AREA = { id: "are_kitchen01", canteenId: CANTEEN, kind: "cooking", name: "烹饪区" } as unknown as Area;
const GATEWAY = { id: "gw_component01", canteenId: CANTEEN, name: "网关", tokenHint: "abcd", revokedAt: null, lastSeenAt: null, createdAt: "2026-09-01T08:00:00.000+08:00" } as unknown as Gateway;
const DEV = "34020000001320000001";
const CH = "34020000001310000001";
const device = (extra: object = {}) => ({
  id: "gbd_component1",
  canteenId: CANTEEN,
  deviceId: DEV,
  name: "后厨NVR",
  status: "offline",
  statusReason: "3 keep-alives missed (interval 60 s)",
  lastSeenAt: null,
  channels: [{ channelId: CH, name: "后厨一号", status: "ON", cameraId: null }],
  createdAt: "2026-09-01T08:00:00.000+08:00",
  ...extra,
});
const panel = () => render(() => <Gb28181Panel canteenId={CANTEEN} areas={[AREA]} gateways={[GATEWAY]} onCameraAdded={() => undefined} />);

describe("GB/T 28181 devices panel", () => {
  useCleanSlate();

  it("says there is no device yet, and adds one with its password", async () => {
    let items: object[] = [];
    const api = mockApi({
      "GET /gb28181/devices": () => ok({ items }),
      "POST /gb28181/devices": (req) => {
        items = [device({ ...(req.body as object), status: "unknown", statusReason: null, channels: [] })];
        return { status: 201, body: items[0] };
      },
    });
    panel();
    expect(await screen.findByTestId("gb28181-empty")).toHaveTextContent("尚未添加国标设备");
    fireEvent.input(screen.getByTestId("gb28181-device-id"), { target: { value: DEV } });
    fireEvent.input(screen.getByTestId("gb28181-name"), { target: { value: "后厨NVR" } });
    fireEvent.input(screen.getByTestId("gb28181-password"), { target: { value: "secret-1234" } });
    fireEvent.submit(screen.getByTestId("gb28181-form"));
    expect(await screen.findByTestId("gb28181-device")).toHaveTextContent("未注册");
    expect(api.requests.find((r) => r.method === "POST")?.body).toEqual({ canteenId: CANTEEN, deviceId: DEV, name: "后厨NVR", password: "secret-1234" });
    expect(screen.getByTestId("gb28181-device")).toHaveTextContent("设备注册后将显示其通道");
  });

  it("shows the state with its reason and adds a channel as a camera of the area, through the gateway", async () => {
    let cameraId: string | null = null;
    const api = mockApi({
      "GET /gb28181/devices": () => ok({ items: [device({ channels: [{ channelId: CH, name: "后厨一号", status: "ON", cameraId }] })] }),
      "POST /cameras": () => {
        cameraId = "cam_component1";
        return { status: 201, body: { id: cameraId } };
      },
    });
    panel();
    const item = await screen.findByTestId("gb28181-device");
    expect(item).toHaveTextContent("离线");
    expect(item).toHaveTextContent("3 keep-alives missed (interval 60 s)");
    fireEvent.click(screen.getByTestId("gb28181-add-channel"));
    await waitFor(() => expect(screen.getByTestId("gb28181-channel")).toHaveTextContent("已添加为摄像头"));
    expect(api.requests.find((r) => r.method === "POST")?.body).toEqual({ areaId: AREA.id, name: "后厨一号", source: `gb28181:${DEV}/${CH}`, gatewayId: GATEWAY.id, ptz: false, publicVisible: false });
  });

  it("shows the API's refusal and speaks English when asked", async () => {
    setLang("en");
    mockApi({
      "GET /gb28181/devices": () => ok({ items: [] }),
      "POST /gb28181/devices": () => apiError(409, "conflict", "A GB/T 28181 device with this id has already been added"),
    });
    panel();
    expect(await screen.findByTestId("gb28181-empty")).toHaveTextContent("No GB/T 28181 device yet");
    fireEvent.input(screen.getByTestId("gb28181-device-id"), { target: { value: DEV } });
    fireEvent.input(screen.getByTestId("gb28181-name"), { target: { value: "x" } });
    fireEvent.input(screen.getByTestId("gb28181-password"), { target: { value: "p" } });
    fireEvent.submit(screen.getByTestId("gb28181-form"));
    expect(await screen.findByText(/already been added/)).toBeInTheDocument();
  });
});
