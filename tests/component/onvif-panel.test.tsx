/** The canteen page's 发现摄像头 panel (issue 17): nothing found, a device found → wrong password → profiles → added, the gateway offline, English texts. */
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { OnvifPanel } from "../../client/pages/canteens/OnvifPanel.tsx";
import { setLang } from "../../client/i18n/index.ts";
import type { Area, Gateway } from "../../client/types.ts";
import { apiError, mockApi, ok } from "./support/api.ts";
import { useCleanSlate } from "./support/render.tsx";

const CANTEEN = "cnt_component1";
const AREA = { id: "are_kitchen01", canteenId: CANTEEN, kind: "cooking", name: "烹饪区" } as unknown as Area;
const GATEWAY = { id: "gw_component01", canteenId: CANTEEN, name: "网关", tokenHint: "abcd", revokedAt: null, lastSeenAt: null, createdAt: "2026-09-01T08:00:00.000+08:00" } as unknown as Gateway;
const XADDR = "http://192.168.1.64/onvif/device_service";
const request = (extra: object) => ({ id: "onv_component01", gatewayId: GATEWAY.id, kind: "discover", xaddr: null, status: "done", requestedAt: "2026-09-01T08:00:00.000+08:00", finishedAt: "2026-09-01T08:00:03.000+08:00", devices: [], device: null, failure: null, error: null, ...extra });
const FOUND = { endpoint: "urn:uuid:1", xaddr: XADDR, name: "烹饪区云台", hardware: "SIM-PTZ", manufacturer: null, model: null };
const PROFILES = { manufacturer: "Sim", model: "PTZ", profiles: [{ token: "main", name: "主码流", width: 1280, height: 720, encoding: "H264", ptz: true, streamUri: "rtsp://192.168.1.64/main" }] };
const panel = () => render(() => <OnvifPanel areas={[AREA]} gateways={[GATEWAY]} onCameraAdded={() => undefined} />);
const discoveries = `POST /gateways/${GATEWAY.id}/onvif/discoveries`;
const profiles = `POST /gateways/${GATEWAY.id}/onvif/profiles`;

describe("发现摄像头 panel", () => {
  useCleanSlate();

  it("says clearly when the probe found nothing", async () => {
    mockApi({ [discoveries]: () => ({ status: 202, body: request({}) }) });
    panel();
    fireEvent.click(screen.getByTestId("onvif-discover"));
    expect(await screen.findByTestId("onvif-empty")).toHaveTextContent("未发现 ONVIF 摄像头");
  });

  it("lists what was found (polling a pending request), refuses a wrong password, then adds a profile with its credentials", async () => {
    let password = "";
    const api = mockApi({
      [discoveries]: () => ({ status: 202, body: request({ status: "pending", finishedAt: null }) }),
      "GET /onvif/requests/onv_component01": () => ok(request({ devices: [FOUND] })),
      [profiles]: (req) => {
        password = (req.body as { password: string }).password;
        return password === "right-pw"
          ? { status: 202, body: request({ id: "onv_component02", kind: "profiles", xaddr: XADDR, device: PROFILES }) }
          : { status: 202, body: request({ id: "onv_component03", kind: "profiles", xaddr: XADDR, status: "failed", failure: "unauthorized", error: "the camera refused the user name or password" }) };
      },
      "POST /onvif/cameras": () => ({ status: 201, body: { id: "cam_component1" } }),
    });
    panel();
    fireEvent.click(screen.getByTestId("onvif-discover"));
    const found = await screen.findByTestId("onvif-device", {}, { timeout: 3000 });
    expect(found).toHaveTextContent("烹饪区云台");
    expect(found).toHaveTextContent("192.168.1.64");
    fireEvent.click(screen.getByTestId("onvif-choose"));
    fireEvent.input(screen.getByTestId("onvif-password"), { target: { value: "wrong-pw" } });
    fireEvent.submit(screen.getByTestId("onvif-credentials"));
    expect(await screen.findByTestId("onvif-profiles-failure")).toHaveTextContent("用户名或密码错误");
    fireEvent.input(screen.getByTestId("onvif-password"), { target: { value: "right-pw" } });
    fireEvent.submit(screen.getByTestId("onvif-credentials"));
    const profile = await screen.findByTestId("onvif-profile");
    expect(profile).toHaveTextContent("1280×720");
    expect(profile).toHaveTextContent("云台");
    expect(screen.queryByTestId("onvif-profiles-failure")).toBeNull();
    fireEvent.submit(screen.getByTestId("onvif-add"));
    expect(await screen.findByTestId("onvif-added")).toHaveTextContent("已添加摄像头");
    expect(api.requests.find((r) => r.method === "POST" && r.path.endsWith("/onvif/cameras"))?.body).toEqual({ requestId: "onv_component02", profile: "main", username: "admin", password: "right-pw", name: "烹饪区云台", areaId: AREA.id });
    // the password field is emptied once the camera is added
    expect(screen.queryByTestId("onvif-password")).toBeNull();
  });

  it("shows the API's reason when the gateway is offline, and speaks English when asked", async () => {
    setLang("en");
    mockApi({ [discoveries]: () => apiError(503, "service_unavailable", "The gateway is offline: it cannot look for cameras. Check its power and network") });
    panel();
    expect(screen.getByTestId("onvif-discover")).toHaveTextContent("Discover cameras");
    fireEvent.click(screen.getByTestId("onvif-discover"));
    await waitFor(() => expect(screen.getByTestId("onvif-panel")).toHaveTextContent("The gateway is offline"));
    expect(screen.getByTestId("onvif-panel")).toHaveTextContent("Discover ONVIF cameras");
  });

  it("says so when the canteen has no usable gateway", () => {
    render(() => <OnvifPanel areas={[AREA]} gateways={[{ ...GATEWAY, revokedAt: "2026-09-02T08:00:00.000+08:00" } as Gateway]} onCameraAdded={() => undefined} />);
    expect(screen.getByTestId("onvif-no-gateway")).toHaveTextContent("该食堂还没有可用的网关");
  });
});
