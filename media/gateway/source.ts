/**
 * What a camera's `source` string means (pure). Supported:
 *  - `rtsp://…` / `rtsps://…`    an IP camera (pulled over TCP)
 *  - `http(s)://…`               an HTTP stream (MJPEG, HLS, FLV…); a URL of a media file is looped
 *  - `/absolute/path.mp4`        a local file, looped at its native rate
 *  - `/absolute/path.jpg|.png`   a still photo shown as a steady picture (demo and test cameras)
 *  - `test:<label>`              a synthetic picture with the label and a running clock
 *  - `gb28181:<device>/<channel>` a channel of a GB/T 28181 device registered with this gateway (two
 *                                 20-digit ids; the gateway INVITEs it and receives PS over RTP, gb28181/)
 *  - `onvif://user:pass@host:port/onvif/device_service?profile=TOKEN`  an ONVIF camera (issue 17): the gateway asks
 *                                the device for the profile's stream URI (GetStreamUri) and decodes that; PTZ goes
 *                                to the same device service
 */
export type CameraSource =
  | { kind: "rtsp"; url: string }
  | { kind: "http"; url: string; loop: boolean }
  | { kind: "file"; path: string }
  | { kind: "image"; path: string }
  | { kind: "test"; label: string }
  | { kind: "gb28181"; deviceId: string; channelId: string }
  | OnvifSource
  | { kind: "invalid"; reason: string };

export interface OnvifSource {
  kind: "onvif";
  /** the device service, http://host:port/path */
  xaddr: string;
  username: string;
  password: string;
  profile: string;
}

/** onvif://user:pass@host:port/path?profile=TOKEN → the device service and credentials; a reason when malformed. */
export function parseOnvifSource(s: string): OnvifSource | { kind: "invalid"; reason: string } {
  let u: URL;
  try {
    u = new URL(s.replace(/^onvif:/i, "http:"));
  } catch {
    return { kind: "invalid", reason: "malformed onvif:// source" };
  }
  const profile = u.searchParams.get("profile");
  if (!profile) return { kind: "invalid", reason: "an onvif:// source needs ?profile=<profile token>" };
  const xaddr = `http://${u.host}${u.pathname === "/" ? "/onvif/device_service" : u.pathname}`;
  return { kind: "onvif", xaddr, username: decodeURIComponent(u.username), password: decodeURIComponent(u.password), profile };
}

/** Extensions of HTTP URLs that are files rather than live streams (looped and read at native rate). */
const FILE_EXTENSIONS = /\.(mp4|m4v|mov|mkv|webm|avi|flv|ts|mpg|mpeg)$/i;

/** `gb28181:<device id>/<channel id>`: GB/T 28181 ids are 20 decimal digits (§附录D 编码规则). */
export const GB28181_SOURCE = /^gb28181:(\d{20})\/(\d{20})$/;

/** Still pictures: repeated as a steady video. */
const IMAGE_EXTENSIONS = /\.(jpe?g|png)$/i;

export function parseSource(source: string): CameraSource {
  const s = source.trim();
  if (s.startsWith("test:")) return { kind: "test", label: s.slice("test:".length).trim() };
  if (/^rtsps?:\/\//i.test(s)) return { kind: "rtsp", url: s };
  if (s.startsWith("gb28181:")) {
    const m = GB28181_SOURCE.exec(s);
    return m ? { kind: "gb28181", deviceId: m[1], channelId: m[2] } : { kind: "invalid", reason: `malformed GB/T 28181 source (expected gb28181:<20-digit device id>/<20-digit channel id>): ${s.slice(0, 100)}` };
  }
  if (/^onvif:\/\//i.test(s)) return parseOnvifSource(s);
  if (/^https?:\/\//i.test(s)) {
    let pathname: string;
    try {
      pathname = new URL(s).pathname;
    } catch {
      return { kind: "invalid", reason: `malformed URL: ${s.slice(0, 100)}` };
    }
    return { kind: "http", url: s, loop: FILE_EXTENSIONS.test(pathname) };
  }
  if (s.startsWith("/")) return IMAGE_EXTENSIONS.test(s) ? { kind: "image", path: s } : { kind: "file", path: s };
  if (s === "") return { kind: "invalid", reason: "empty source" };
  return { kind: "invalid", reason: `unsupported source (expected rtsp://, http(s)://, onvif://, an absolute file path, test:<label> or gb28181:<device>/<channel>): ${s.slice(0, 100)}` };
}

/** A source string safe to log (credentials in rtsp://user:pass@host are masked). */
export function redactSource(source: string): string {
  return source.replace(/^([a-z]+:\/\/)[^/@\s]+@/i, "$1***@");
}
