import {
  attrOf,
  bodyAction,
  envelope,
  fault,
  textOf,
  tokenMatches,
  usernameToken,
  xmlEscape,
} from "../gateway/onvif/soap.ts";
import { continuousMove, gotoPreset, moving, positionAt, setPreset, stop, type PtzState } from "./ptz-state.ts";

/**
 * The simulated camera's SOAP answers (pure): one request and the PTZ state in, the HTTP status, the answer and
 * the next state out. It answers what the npm `onvif` client asks when it connects (GetSystemDateAndTime,
 * GetCapabilities, GetProfiles, GetVideoSources) and what the gateway uses (GetDeviceInformation, GetStreamUri,
 * ContinuousMove, Stop, GotoPreset, SetPreset, GetPresets, GetStatus); GetServices and anything else is
 * ActionNotSupported (clients then fall back to GetCapabilities, as with older cameras).
 */
export interface SimProfile {
  token: string;
  name: string;
  width: number;
  height: number;
}
export interface SimDevice {
  name: string;
  manufacturer: string;
  model: string;
  serial: string;
  username: string;
  password: string;
  /** http://host:port, where this device's services and streams are */
  baseUrl: string;
  profiles: SimProfile[];
  fps: number;
}
export interface Answer {
  status: number;
  body: string;
  state?: PtzState;
}

const ok = (body: string, state?: PtzState): Answer => ({ status: 200, body: envelope(body), state });
const senderFault = (sub: string, reason: string): Answer => ({ status: 400, body: fault("Sender", sub, reason) });

const num = (v: string | null, lo: number, hi: number): number | null | undefined => {
  if (v === null) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= lo && n <= hi ? n : null;
};

/** ISO 8601 duration of seconds only (PT1S, PT0.5S), as ONVIF clients send a move's Timeout. */
export function durationMs(v: string | null): number | null | undefined {
  if (v === null) return undefined;
  const m = /^PT(\d+(?:\.\d+)?)S$/.exec(v);
  if (!m) return null;
  const ms = Math.round(Number(m[1]) * 1000);
  return ms > 0 && ms <= 3_600_000 ? ms : null;
}

export const streamUrl = (d: SimDevice, p: SimProfile) => `${d.baseUrl}/stream/${encodeURIComponent(p.token)}`;

export function answer(xml: string, d: SimDevice, s: PtzState, now: number): Answer {
  const action = bodyAction(xml);
  if (action === null) return senderFault("ter:WellFormed", "malformed SOAP: no Envelope with a Body request");
  if (action === "GetSystemDateAndTime") return ok(dateTime(new Date(now)));
  if (!tokenMatches(usernameToken(xml), d.username, d.password)) return senderFault("ter:NotAuthorized", "Sender not authorized");

  const profileToken = textOf(xml, "ProfileToken");
  const profile = d.profiles.find((p) => p.token === profileToken);
  const needProfile = () => (profile ? null : senderFault("ter:NoProfile", `no such profile: ${profileToken ?? "(none)"}`));

  switch (action) {
    case "GetCapabilities":
      return ok(
        `<tds:GetCapabilitiesResponse><tds:Capabilities>` +
          `<tt:Device><tt:XAddr>${d.baseUrl}/onvif/device_service</tt:XAddr></tt:Device>` +
          `<tt:Media><tt:XAddr>${d.baseUrl}/onvif/media_service</tt:XAddr></tt:Media>` +
          `<tt:PTZ><tt:XAddr>${d.baseUrl}/onvif/ptz_service</tt:XAddr></tt:PTZ>` +
          `</tds:Capabilities></tds:GetCapabilitiesResponse>`,
      );
    case "GetDeviceInformation":
      return ok(
        `<tds:GetDeviceInformationResponse><tds:Manufacturer>${xmlEscape(d.manufacturer)}</tds:Manufacturer><tds:Model>${xmlEscape(d.model)}</tds:Model>` +
          `<tds:FirmwareVersion>sim-1</tds:FirmwareVersion><tds:SerialNumber>${xmlEscape(d.serial)}</tds:SerialNumber><tds:HardwareId>${xmlEscape(d.model)}</tds:HardwareId>` +
          `</tds:GetDeviceInformationResponse>`,
      );
    case "GetVideoSources":
      return ok(
        `<trt:GetVideoSourcesResponse><trt:VideoSources token="VideoSource_1"><tt:Framerate>${d.fps}</tt:Framerate>` +
          `<tt:Resolution><tt:Width>1920</tt:Width><tt:Height>1080</tt:Height></tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>`,
      );
    case "GetProfiles":
      return ok(`<trt:GetProfilesResponse>${d.profiles.map((p) => profileXml(p, d)).join("")}</trt:GetProfilesResponse>`);
    case "GetStreamUri":
      return (
        needProfile() ??
        ok(
          `<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>${xmlEscape(streamUrl(d, profile!))}</tt:Uri>` +
            `<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout>` +
            `</trt:MediaUri></trt:GetStreamUriResponse>`,
        )
      );
    case "ContinuousMove": {
      const miss = needProfile();
      if (miss) return miss;
      const pan = num(attrOf(xml, "PanTilt", "x"), -1, 1);
      const tilt = num(attrOf(xml, "PanTilt", "y"), -1, 1);
      const zoom = num(attrOf(xml, "Zoom", "x"), -1, 1);
      const timeout = durationMs(textOf(xml, "Timeout"));
      if (pan === null || tilt === null || zoom === null || timeout === null) return senderFault("ter:InvalidArgVal", "velocity outside [-1, 1] or a bad Timeout");
      return ok(`<tptz:ContinuousMoveResponse/>`, continuousMove(s, { pan, tilt, zoom }, now, timeout ?? null));
    }
    case "Stop": {
      const miss = needProfile();
      if (miss) return miss;
      const flag = (name: string) => textOf(xml, name) !== "false";
      return ok(`<tptz:StopResponse/>`, stop(s, now, { panTilt: flag("PanTilt"), zoom: flag("Zoom") }));
    }
    case "GotoPreset": {
      const miss = needProfile();
      if (miss) return miss;
      const next = gotoPreset(s, textOf(xml, "PresetToken") ?? "", now);
      return next ? ok(`<tptz:GotoPresetResponse/>`, next) : senderFault("ter:NoToken", "no such preset");
    }
    case "SetPreset": {
      const miss = needProfile();
      if (miss) return miss;
      const name = textOf(xml, "PresetName") ?? "";
      if (name.length === 0 || name.length > 64) return senderFault("ter:InvalidPresetName", "a preset name of 1 to 64 characters");
      const r = setPreset(s, name, textOf(xml, "PresetToken"), now);
      if (!r) return senderFault("ter:TooManyPresets", "no room for another preset, or no such preset to overwrite");
      return ok(`<tptz:SetPresetResponse><tptz:PresetToken>${xmlEscape(r.token)}</tptz:PresetToken></tptz:SetPresetResponse>`, r.state);
    }
    case "GetPresets":
      return (
        needProfile() ??
        ok(
          `<tptz:GetPresetsResponse>${s.presets
            .map(
              (p) =>
                `<tptz:Preset token="${xmlEscape(p.token)}"><tt:Name>${xmlEscape(p.name)}</tt:Name><tt:PTZPosition>` +
                `<tt:PanTilt x="${p.position.pan}" y="${p.position.tilt}"/><tt:Zoom x="${p.position.zoom}"/></tt:PTZPosition></tptz:Preset>`,
            )
            .join("")}</tptz:GetPresetsResponse>`,
        )
      );
    case "GetStatus": {
      const miss = needProfile();
      if (miss) return miss;
      const p = positionAt(s, now);
      const m = moving(s, now);
      return ok(
        `<tptz:GetStatusResponse><tptz:PTZStatus><tt:Position><tt:PanTilt x="${p.pan}" y="${p.tilt}"/><tt:Zoom x="${p.zoom}"/></tt:Position>` +
          `<tt:MoveStatus><tt:PanTilt>${m.panTilt ? "MOVING" : "IDLE"}</tt:PanTilt><tt:Zoom>${m.zoom ? "MOVING" : "IDLE"}</tt:Zoom></tt:MoveStatus>` +
          `<tt:UtcTime>${new Date(now).toISOString()}</tt:UtcTime></tptz:PTZStatus></tptz:GetStatusResponse>`,
      );
    }
    default:
      return senderFault("ter:ActionNotSupported", `${action} is not supported by this simulator`);
  }
}

function dateTime(t: Date): string {
  return (
    `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>` +
    `<tt:UTCDateTime><tt:Time><tt:Hour>${t.getUTCHours()}</tt:Hour><tt:Minute>${t.getUTCMinutes()}</tt:Minute><tt:Second>${t.getUTCSeconds()}</tt:Second></tt:Time>` +
    `<tt:Date><tt:Year>${t.getUTCFullYear()}</tt:Year><tt:Month>${t.getUTCMonth() + 1}</tt:Month><tt:Day>${t.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime>` +
    `</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`
  );
}

function profileXml(p: SimProfile, d: SimDevice): string {
  const t = xmlEscape(p.token);
  return (
    `<trt:Profiles token="${t}" fixed="true"><tt:Name>${xmlEscape(p.name)}</tt:Name>` +
    `<tt:VideoSourceConfiguration token="VSC_1"><tt:Name>VSC_1</tt:Name><tt:UseCount>${d.profiles.length}</tt:UseCount><tt:SourceToken>VideoSource_1</tt:SourceToken>` +
    `<tt:Bounds x="0" y="0" width="1920" height="1080"/></tt:VideoSourceConfiguration>` +
    `<tt:VideoEncoderConfiguration token="VEC_${t}"><tt:Name>VEC_${t}</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>H264</tt:Encoding>` +
    `<tt:Resolution><tt:Width>${p.width}</tt:Width><tt:Height>${p.height}</tt:Height></tt:Resolution><tt:Quality>5</tt:Quality>` +
    `<tt:RateControl><tt:FrameRateLimit>${d.fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>2048</tt:BitrateLimit></tt:RateControl>` +
    `</tt:VideoEncoderConfiguration>` +
    `<tt:PTZConfiguration token="PTZ_1"><tt:Name>PTZ_1</tt:Name><tt:UseCount>${d.profiles.length}</tt:UseCount><tt:NodeToken>PTZNode_1</tt:NodeToken></tt:PTZConfiguration>` +
    `</trt:Profiles>`
  );
}
