import { Cam } from "onvif";
import { faultReason } from "./soap.ts";

/**
 * The gateway's ONVIF client: one device's profiles and stream URIs, and PTZ, through the npm `onvif` package.
 * Every failure becomes an OnvifError with a kind the API can show (wrong credentials, unreachable, the device's
 * fault); nothing here throws anything else or leaves a callback hanging (each call has a timeout).
 */
export type OnvifErrorKind = "unauthorized" | "unreachable" | "fault" | "unsupported";
export class OnvifError extends Error {
  constructor(
    readonly kind: OnvifErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface OnvifTarget {
  /** the device service: http://host:port/onvif/device_service */
  xaddr: string;
  username: string;
  password: string;
  timeoutMs?: number;
}
export interface OnvifProfile {
  token: string;
  name: string;
  width: number | null;
  height: number | null;
  encoding: string | null;
  ptz: boolean;
  streamUri: string;
}
export interface OnvifDevice {
  manufacturer: string | null;
  model: string | null;
  profiles: OnvifProfile[];
}
export interface PtzPosition {
  pan: number;
  tilt: number;
  zoom: number;
}
export interface PtzPreset {
  token: string;
  name: string;
}

export function classify(err: unknown): OnvifError {
  if (err instanceof OnvifError) return err;
  const e = err as { code?: string; message?: string };
  const msg = e?.message ?? String(err);
  if (/not ?authori[sz]ed|unauthori[sz]ed|401/i.test(msg)) return new OnvifError("unauthorized", "the camera refused the user name or password");
  if (e?.code && /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|ETIMEDOUT|EPIPE/.test(e.code)) return new OnvifError("unreachable", `camera unreachable (${e.code})`);
  if (/timeout/i.test(msg)) return new OnvifError("unreachable", "camera did not answer in time");
  if (/ActionNotSupported|not supported/i.test(msg)) return new OnvifError("unsupported", msg.slice(0, 300));
  return new OnvifError("fault", (faultReason(msg) ?? msg).slice(0, 300));
}

/** Puts the ONVIF credentials into an RTSP URI that has none (what ffmpeg needs); other URIs are kept as they are. */
export function withCredentials(uri: string, username: string, password: string): string {
  const m = /^(rtsps?:\/\/)([^/@]*)(\/.*)?$/i.exec(uri);
  if (!m || !username) return uri;
  return `${m[1]}${encodeURIComponent(username)}:${encodeURIComponent(password)}@${m[2]}${m[3] ?? ""}`;
}

const call = <T>(timeoutMs: number, run: (cb: (err: Error | null, value?: T) => void) => void): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => finish(new OnvifError("unreachable", "camera did not answer in time")), timeoutMs);
    const finish = (err: unknown, value?: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(classify(err));
      else resolve(value as T);
    };
    try {
      run((err, value) => finish(err, value));
    } catch (err) {
      finish(err);
    }
  });

type Raw = Record<string, unknown> & { $?: { token?: string } };
const numOrNull = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** A connected ONVIF device (GetCapabilities, profiles and video sources read once by `onvif.Cam`). */
export class OnvifCamera {
  private constructor(
    private readonly cam: Cam,
    private readonly timeoutMs: number,
  ) {}

  static async connect(t: OnvifTarget): Promise<OnvifCamera> {
    let url: URL;
    try {
      url = new URL(t.xaddr);
    } catch {
      throw new OnvifError("fault", `not a device address: ${t.xaddr.slice(0, 100)}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new OnvifError("fault", "the device address must be http(s)");
    const timeoutMs = t.timeoutMs ?? 5000;
    const cam = new Cam({
      hostname: url.hostname,
      port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
      path: url.pathname,
      useSecure: url.protocol === "https:",
      username: t.username,
      password: t.password,
      timeout: timeoutMs,
      autoconnect: false,
      // the addresses a camera advertises are often its own idea of itself (another interface, NAT): keep ours
      preserveAddress: true,
    });
    await call(timeoutMs * 4, (cb) => cam.connect((err) => cb(err ?? null)));
    return new OnvifCamera(cam, timeoutMs);
  }

  async device(): Promise<OnvifDevice> {
    const info = await call<Record<string, unknown>>(this.timeoutMs, (cb) => this.cam.getDeviceInformation((e, v) => cb(e, v as Record<string, unknown>))).catch(() => null);
    const raw = ((this.cam as unknown as { profiles?: Raw[] }).profiles ?? []) as Raw[];
    const profiles: OnvifProfile[] = [];
    for (const p of raw) {
      const token = p.$?.token;
      if (!token) continue;
      const enc = (p.videoEncoderConfiguration ?? {}) as { encoding?: string; resolution?: { width?: number; height?: number } };
      const uri = await call<{ uri?: string }>(this.timeoutMs, (cb) => this.cam.getStreamUri({ protocol: "RTSP", profileToken: token }, (e, v) => cb(e, v)));
      if (!uri?.uri) continue;
      profiles.push({
        token,
        name: typeof p.name === "string" ? p.name : String(p.name ?? token),
        width: numOrNull(enc.resolution?.width),
        height: numOrNull(enc.resolution?.height),
        encoding: typeof enc.encoding === "string" ? enc.encoding : null,
        ptz: p.PTZConfiguration !== undefined,
        streamUri: uri.uri,
      });
    }
    return { manufacturer: str(info?.manufacturer), model: str(info?.model), profiles };
  }

  continuousMove(profileToken: string, v: PtzPosition, timeoutMs: number): Promise<void> {
    return call(this.timeoutMs, (cb) => this.cam.continuousMove({ profileToken, x: v.pan, y: v.tilt, zoom: v.zoom, timeout: timeoutMs }, (e) => cb(e)));
  }
  stop(profileToken: string): Promise<void> {
    return call(this.timeoutMs, (cb) => this.cam.stop({ profileToken }, (e) => cb(e)));
  }
  gotoPreset(profileToken: string, preset: string): Promise<void> {
    return call(this.timeoutMs, (cb) => this.cam.gotoPreset({ profileToken, preset }, (e) => cb(e)));
  }
  async setPreset(profileToken: string, presetName: string): Promise<string> {
    const res = await call<unknown>(this.timeoutMs, (cb) => this.cam.setPreset({ profileToken, presetName }, (e, v) => cb(e, v)));
    const token = findPresetToken(res);
    if (!token) throw new OnvifError("fault", "the camera did not say which preset it saved");
    return token;
  }
  async presets(profileToken: string): Promise<PtzPreset[]> {
    const res = await call<Record<string, { $?: { token?: string } }>>(this.timeoutMs, (cb) => this.cam.getPresets({ profileToken }, (e, v) => cb(e, v as never)));
    return Object.entries(res ?? {}).flatMap(([name, p]) => (p.$?.token ? [{ token: String(p.$.token), name: String(name) }] : []));
  }
  async status(profileToken: string): Promise<PtzPosition> {
    const s = await call<{ position: { x: number; y: number; zoom: number } }>(this.timeoutMs, (cb) => this.cam.getStatus({ profileToken }, (e, v) => cb(e, v as never)));
    return { pan: Number(s.position.x), tilt: Number(s.position.y), zoom: Number(s.position.zoom) };
  }
}

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : null);

/** SetPresetResponse → PresetToken, wherever xml2js put it. */
function findPresetToken(v: unknown): string | null {
  if (v == null || typeof v !== "object") return null;
  const o = v as Record<string, unknown>;
  for (const [k, x] of Object.entries(o)) {
    if (/^presetToken$/i.test(k)) {
      const t = Array.isArray(x) ? x[0] : x;
      if (typeof t === "string") return t;
    }
    const inner = findPresetToken(Array.isArray(x) ? x[0] : x);
    if (inner) return inner;
  }
  return null;
}
