import { describe, expect, it } from "vitest";
import {
  attrOf,
  bodyAction,
  faultReason,
  parseProbeMatches,
  passwordDigest,
  probe,
  probeId,
  probeMatches,
  textOf,
  tokenMatches,
  usernameToken,
} from "../../media/gateway/onvif/soap.ts";
import { answer, durationMs, type SimDevice } from "../../media/onvif-sim/device.ts";
import { initialState } from "../../media/onvif-sim/ptz-state.ts";
import { classify, withCredentials } from "../../media/gateway/onvif/client.ts";
import { parseSource } from "../../media/gateway/source.ts";

const T = Date.UTC(2026, 11, 5, 8, 0, 0);
const device: SimDevice = {
  name: "sim",
  manufacturer: "m",
  model: "SIM",
  serial: "s1",
  username: "admin",
  password: "pw",
  baseUrl: "http://127.0.0.1:1",
  profiles: [{ token: "main", name: "main", width: 1280, height: 720 }],
  fps: 5,
};

function request(body: string, password = "pw", username = "admin") {
  const nonce = Buffer.from("0123456789abcdef").toString("base64");
  const created = new Date(T).toISOString();
  return (
    `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header><Security><UsernameToken><Username>${username}</Username>` +
    `<Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">${passwordDigest(nonce, created, password)}</Password>` +
    `<Nonce>${nonce}</Nonce><Created>${created}</Created></UsernameToken></Security></s:Header><s:Body>${body}</s:Body></s:Envelope>`
  );
}

describe("SOAP helpers", () => {
  it("finds elements and attributes whatever their namespace prefix", () => {
    const xml = `<s:Envelope><s:Body><tptz:ContinuousMove><tptz:ProfileToken>main</tptz:ProfileToken><tptz:Velocity><tt:PanTilt x="0.5" y='-1'/><Zoom x="0"/></tptz:Velocity></tptz:ContinuousMove></s:Body></s:Envelope>`;
    expect(bodyAction(xml)).toBe("ContinuousMove");
    expect(textOf(xml, "ProfileToken")).toBe("main");
    expect(attrOf(xml, "PanTilt", "x")).toBe("0.5");
    expect(attrOf(xml, "PanTilt", "y")).toBe("-1");
    expect(attrOf(xml, "Zoom", "x")).toBe("0");
    expect(textOf("<a>&lt;b&amp;</a>", "a")).toBe("<b&");
    expect(bodyAction("not xml at all")).toBeNull();
    expect(bodyAction("<Envelope><Header/></Envelope>")).toBeNull();
  });

  it("checks a WS-Security PasswordDigest (and plain text), refusing a wrong password or user", () => {
    const t = usernameToken(request("<GetProfiles/>"));
    expect(t).toMatchObject({ username: "admin", digest: true });
    expect(tokenMatches(t, "admin", "pw")).toBe(true);
    expect(tokenMatches(t, "admin", "other")).toBe(false);
    expect(tokenMatches(t, "root", "pw")).toBe(false);
    expect(tokenMatches(null, "admin", "pw")).toBe(false);
    expect(tokenMatches({ username: "admin", password: "pw", digest: false, nonce: null, created: null }, "admin", "pw")).toBe(true);
  });

  it("builds a probe and reads back only the matches that answer it, with the name and hardware scopes", () => {
    const id = "urn:uuid:1";
    expect(probeId(probe(id))).toBe(id);
    expect(probeId("<garbage")).toBeNull();
    const reply = probeMatches(id, "urn:uuid:2", { endpoint: "urn:uuid:dev", xaddrs: ["http://10.0.0.5/onvif/device_service", "ftp://nope"], scopes: ["onvif://www.onvif.org/name/%E7%83%B9%E9%A5%AA", "onvif://www.onvif.org/hardware/X1"] });
    expect(parseProbeMatches(reply, id)).toEqual([
      { endpoint: "urn:uuid:dev", xaddrs: ["http://10.0.0.5/onvif/device_service"], scopes: expect.any(Array), name: "烹饪", hardware: "X1" },
    ]);
    expect(parseProbeMatches(reply, "urn:uuid:other")).toEqual([]);
    expect(parseProbeMatches(probe(id))).toEqual([]);
  });
});

describe("the simulator's SOAP answers", () => {
  const s = initialState(T);

  it("answers GetSystemDateAndTime without credentials and everything else only with the right ones", () => {
    expect(answer(`<Envelope><Body><GetSystemDateAndTime/></Body></Envelope>`, device, s, T).status).toBe(200);
    const wrong = answer(request("<GetProfiles/>", "bad"), device, s, T);
    expect(wrong.status).toBe(400);
    expect(faultReason(wrong.body)).toBe("Sender not authorized");
    const ok = answer(request("<GetProfiles/>"), device, s, T);
    expect(ok.status).toBe(200);
    expect(attrOf(ok.body, "Profiles", "token")).toBe("main");
  });

  it("refuses malformed SOAP, an unknown profile, out-of-range velocities and unsupported actions with a fault, never throwing", () => {
    expect(answer("<<<", device, s, T)).toMatchObject({ status: 400 });
    expect(faultReason(answer("<<<", device, s, T).body)).toMatch(/malformed/);
    expect(faultReason(answer(request("<ContinuousMove><ProfileToken>nope</ProfileToken></ContinuousMove>"), device, s, T).body)).toMatch(/no such profile/);
    expect(faultReason(answer(request(`<ContinuousMove><ProfileToken>main</ProfileToken><Velocity><PanTilt x="2" y="0"/></Velocity></ContinuousMove>`), device, s, T).body)).toMatch(/velocity/);
    expect(faultReason(answer(request("<GetServices/>"), device, s, T).body)).toMatch(/not supported/);
    expect(faultReason(answer(request("<GotoPreset><ProfileToken>main</ProfileToken><PresetToken>x</PresetToken></GotoPreset>"), device, s, T).body)).toMatch(/no such preset/);
  });

  it("moves, reports MOVING, stops, and saves and returns to presets", () => {
    const moved = answer(request(`<ContinuousMove><ProfileToken>main</ProfileToken><Velocity><PanTilt x="1" y="0"/></Velocity><Timeout>PT10S</Timeout></ContinuousMove>`), device, s, T);
    const status = answer(request("<GetStatus><ProfileToken>main</ProfileToken></GetStatus>"), device, moved.state!, T + 1000);
    expect(attrOf(status.body, "PanTilt", "x")).toBe("0.5");
    expect(textOf(textOf(status.body, "MoveStatus")!, "PanTilt")).toBe("MOVING");
    const stopped = answer(request("<Stop><ProfileToken>main</ProfileToken></Stop>"), device, moved.state!, T + 1000).state!;
    const saved = answer(request("<SetPreset><ProfileToken>main</ProfileToken><PresetName>灶台</PresetName></SetPreset>"), device, stopped, T + 5000);
    expect(textOf(saved.body, "PresetToken")).toBe("preset-1");
    const back = answer(request("<GotoPreset><ProfileToken>main</ProfileToken><PresetToken>preset-1</PresetToken></GotoPreset>"), device, { ...saved.state!, origin: { pan: -1, tilt: 0, zoom: 1 } }, T + 6000);
    const at = answer(request("<GetStatus><ProfileToken>main</ProfileToken></GetStatus>"), device, back.state!, T + 7000);
    expect(attrOf(at.body, "PanTilt", "x")).toBe("0.5");
    expect(attrOf(at.body, "Zoom", "x")).toBe("0");
  });

  it("reads a move's Timeout as seconds only", () => {
    expect(durationMs("PT1S")).toBe(1000);
    expect(durationMs("PT0.5S")).toBe(500);
    expect(durationMs(null)).toBeUndefined();
    expect(durationMs("P1D")).toBeNull();
  });
});

describe("ONVIF sources and errors at the gateway", () => {
  it("parses onvif:// into the device service, credentials and profile", () => {
    expect(parseSource("onvif://admin:p%40ss@10.0.0.5:8080/onvif/device_service?profile=main")).toEqual({ kind: "onvif", xaddr: "http://10.0.0.5:8080/onvif/device_service", username: "admin", password: "p@ss", profile: "main" });
    expect(parseSource("onvif://admin:x@10.0.0.5")).toMatchObject({ kind: "invalid" });
  });

  it("puts credentials into an RTSP stream URI that has none, and leaves others alone", () => {
    expect(withCredentials("rtsp://10.0.0.5:554/live", "a b", "p@ss")).toBe("rtsp://a%20b:p%40ss@10.0.0.5:554/live");
    expect(withCredentials("http://10.0.0.5/stream", "a", "b")).toBe("http://10.0.0.5/stream");
  });

  it("classifies failures: wrong credentials, unreachable, a device's fault", () => {
    expect(classify(new Error("ONVIF SOAP Fault: Sender not authorized")).kind).toBe("unauthorized");
    expect(classify(Object.assign(new Error("connect"), { code: "ECONNREFUSED" })).kind).toBe("unreachable");
    expect(classify(new Error("ONVIF SOAP Fault: no such preset")).kind).toBe("fault");
  });
});
