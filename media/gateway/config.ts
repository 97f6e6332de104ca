import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { dirname, join } from "node:path";
import { z } from "zod";
import { DEFAULT_MODEL_DIR } from "../detect/model-dir.ts";
import { DEFAULT_DECODE } from "./ffmpeg-args.ts";

/**
 * The gateway's settings, from environment variables (validated; every problem is named):
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | API_URL | the API, e.g. http://127.0.0.1:8000 | required |
 * | GATEWAY_TOKEN | the device token | one of the two |
 * | GATEWAY_TOKEN_FILE | JSON file with {"deviceToken": …} (re-read on every request) | |
 * | FONT_FILE | CJK font for test sources | `fc-match 'Noto Sans CJK SC'` |
 * | FFMPEG | ffmpeg binary | ffmpeg |
 * | GATEWAY_FPS | frames per second per camera | 15 |
 * | GATEWAY_MAX_BITRATE | upstream cap per camera, bit/s | 500000 |
 * | GATEWAY_TEST_SIZE | size of `test:` pictures | 640x360 |
 * | GATEWAY_OFFLINE_AFTER_S | no frames for this long → reported offline | 15 |
 * | GATEWAY_STALL_S | no frames for this long → ffmpeg restarted | 10 |
 * | GATEWAY_SAMPLE_UNWATCHED | while nobody watches the room, decode only the samples detection needs (key frames, ~1/s): on / off | on |
 * | GATEWAY_LIVE_LINGER_S | full-rate decoding goes on this long after the last viewer left | 30 |
 * | GATEWAY_DETECT | AI抓拍 on the gateway: on / off | on |
 * | MODEL_DIR | detection model folder (YOLOX or transformers.js; model.json optional) | ../shared/models/yolox-nano-coco beside the repo |
 * | DETECT_THREADS | onnxruntime threads for the detector | 1 |
 * | GATEWAY_MOTION_GATE | detector only on cameras whose picture changed (safety sample every 30 s): on / off | on |
 * | GATEWAY_ALERT_DIR | on-disk queue of alerts waiting for the API | gateway-alerts/ beside GATEWAY_TOKEN_FILE, else ./data/gateway-alerts |
 * | GB28181_SIP_PORT | GB/T 28181 platform side on this SIP port, UDP and TCP (unset: off) | off |
 * | GB28181_HOST | the address the devices reach the gateway at (Via, Contact, SDP) | the first non-loopback IPv4 |
 * | GB28181_BIND | where SIP and RTP listen | 0.0.0.0 |
 * | GB28181_PLATFORM_ID | the platform's 20-digit SIP id (the devices' "SIP server id") | 34020000002000000001 |
 * | GB28181_REALM | SIP domain / digest realm | the id's first 10 digits |
 * | GB28181_KEEPALIVE_S | the devices' keep-alive interval (offline after GB28181_MISSED_KEEPALIVES of them) | 60 |
 * | GB28181_MISSED_KEEPALIVES | missed keep-alives → offline | 3 |
 */
const int = (name: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .default(fallback);

export const GatewayEnv = z
  .object({
    API_URL: z.url({ protocol: /^https?$/, error: "API_URL must be an http(s) URL, e.g. http://127.0.0.1:8000" }),
    GATEWAY_TOKEN: z.string().trim().min(1).optional(),
    GATEWAY_TOKEN_FILE: z.string().trim().min(1).optional(),
    FONT_FILE: z.string().trim().min(1).optional(),
    FFMPEG: z.string().trim().min(1).default("ffmpeg"),
    GATEWAY_FPS: int("GATEWAY_FPS", 1, 30, DEFAULT_DECODE.fps),
    GATEWAY_MAX_BITRATE: int("GATEWAY_MAX_BITRATE", 50_000, 8_000_000, 500_000),
    GATEWAY_TEST_SIZE: z
      .string()
      .regex(/^\d{2,4}x\d{2,4}$/, "GATEWAY_TEST_SIZE must look like 640x360")
      .default(`${DEFAULT_DECODE.testWidth}x${DEFAULT_DECODE.testHeight}`),
    GATEWAY_OFFLINE_AFTER_S: int("GATEWAY_OFFLINE_AFTER_S", 2, 90, 15),
    GATEWAY_STALL_S: int("GATEWAY_STALL_S", 2, 120, 10),
    GATEWAY_SAMPLE_UNWATCHED: z.enum(["on", "off"], { error: "GATEWAY_SAMPLE_UNWATCHED must be on or off" }).default("on"),
    GATEWAY_LIVE_LINGER_S: int("GATEWAY_LIVE_LINGER_S", 1, 3600, 30),
    GATEWAY_DETECT: z.enum(["on", "off"], { error: "GATEWAY_DETECT must be on or off" }).default("on"),
    GATEWAY_MOTION_GATE: z.enum(["on", "off"], { error: "GATEWAY_MOTION_GATE must be on or off" }).default("on"),
    MODEL_DIR: z.string().trim().min(1).optional(),
    DETECT_THREADS: int("DETECT_THREADS", 1, 16, 1),
    GATEWAY_ALERT_DIR: z.string().trim().min(1).optional(),
    MQTT_URL: z.url({ protocol: /^mqtts?$/, error: "MQTT_URL must be an mqtt(s) URL, e.g. mqtt://127.0.0.1:1883" }).optional(),
    GATEWAY_SENSOR_DIR: z.string().trim().min(1).optional(),
    SENSOR_FLUSH_MS: int("SENSOR_FLUSH_MS", 100, 60_000, 2000),
    GB28181_SIP_PORT: z.coerce.number({ error: "GB28181_SIP_PORT must be a number" }).int("GB28181_SIP_PORT must be a whole number").min(1).max(65535).optional(),
    GB28181_HOST: z.ipv4({ error: "GB28181_HOST must be an IPv4 address the devices can reach" }).optional(),
    GB28181_BIND: z.ipv4({ error: "GB28181_BIND must be an IPv4 address" }).default("0.0.0.0"),
    GB28181_PLATFORM_ID: z.string().regex(/^\d{20}$/, "GB28181_PLATFORM_ID must be 20 digits").default("34020000002000000001"),
    GB28181_REALM: z.string().regex(/^[\w.-]{1,64}$/, "GB28181_REALM must be a SIP domain such as 3402000000").optional(),
    GB28181_KEEPALIVE_S: int("GB28181_KEEPALIVE_S", 1, 3600, 60),
    GB28181_MISSED_KEEPALIVES: int("GB28181_MISSED_KEEPALIVES", 1, 10, 3),
  })
  .refine((e) => e.GATEWAY_TOKEN || e.GATEWAY_TOKEN_FILE, { message: "set GATEWAY_TOKEN (the device token) or GATEWAY_TOKEN_FILE (a JSON file with {\"deviceToken\": …})", path: ["GATEWAY_TOKEN"] });

export const TokenFile = z.object({ deviceToken: z.string({ error: "deviceToken is missing" }).trim().min(8, "deviceToken is too short") });

export interface GatewaySettings {
  apiUrl: string;
  deviceToken: () => string;
  fontFile: string | null;
  ffmpeg: string;
  fps: number;
  maxBitrate: number;
  testWidth: number;
  testHeight: number;
  offlineAfterMs: number;
  stallMs: number;
  /** decode-mode.ts: sample decoding while unwatched (null: always live), and live's linger after the last viewer */
  sampling: { liveLingerMs: number } | null;
  /** AI抓拍: null when GATEWAY_DETECT=off */
  detect: { modelDir: string; threads: number; motionGate: boolean } | null;
  alertDir: string;
  /** IoT sensors (issue 17): the school's MQTT broker and the on-disk queue of reading batches; null without MQTT_URL */
  sensors: { mqttUrl: string; dir: string; flushMs: number } | null;
  /** GB/T 28181 platform side; null when GB28181_SIP_PORT is unset */
  gb28181: { sipPort: number; advertisedHost: string; bindHost: string; platformId: string; realm: string; keepaliveMs: number; missedKeepalives: number } | null;
  warnings: string[];
}

/** The first non-loopback IPv4 of this machine (what devices on the school LAN reach), else loopback. */
export function lanAddress(): string {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  return "127.0.0.1";
}

export class ConfigError extends Error {}

/** Reads the device token file (again on every call: re-provisioning needs no restart). */
export function readTokenFile(path: string): string {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`GATEWAY_TOKEN_FILE ${path} cannot be read: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError(`GATEWAY_TOKEN_FILE ${path} is not JSON`);
  }
  const parsed = TokenFile.safeParse(json);
  if (!parsed.success) throw new ConfigError(`GATEWAY_TOKEN_FILE ${path}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return parsed.data.deviceToken;
}

/** A CJK font through fontconfig, or null. */
export function findCjkFont(): { file: string; family: string } | null {
  try {
    const out = execFileSync("fc-match", ["-f", "%{file}\n%{family}", "Noto Sans CJK SC"], { encoding: "utf8", timeout: 5000 });
    const [file, family = ""] = out.split("\n");
    return file && existsSync(file) ? { file, family } : null;
  } catch {
    return null;
  }
}

export function loadGatewaySettings(env: Record<string, string | undefined>, findFont: typeof findCjkFont = findCjkFont): GatewaySettings {
  const parsed = GatewayEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    throw new ConfigError(`gateway configuration is invalid:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".") || "env"}: ${i.message}`).join("\n")}`);
  }
  const e = parsed.data;
  const warnings: string[] = [];
  let deviceToken: () => string;
  if (e.GATEWAY_TOKEN) {
    if (e.GATEWAY_TOKEN_FILE) warnings.push("both GATEWAY_TOKEN and GATEWAY_TOKEN_FILE are set: using GATEWAY_TOKEN");
    const token = e.GATEWAY_TOKEN;
    deviceToken = () => token;
  } else {
    const file = e.GATEWAY_TOKEN_FILE!;
    readTokenFile(file); // fail now, with a clear message, rather than on the first request
    deviceToken = () => readTokenFile(file);
  }
  let fontFile: string | null = null;
  if (e.FONT_FILE) {
    if (!existsSync(e.FONT_FILE)) throw new ConfigError(`FONT_FILE ${e.FONT_FILE} does not exist`);
    fontFile = e.FONT_FILE;
  } else {
    const found = findFont();
    if (!found) warnings.push("no font found via fc-match: test sources are drawn without text (set FONT_FILE to a CJK font)");
    else {
      fontFile = found.file;
      if (!/CJK|Source Han|WenQuanYi|Hei|Song|Kai|Fallback/i.test(found.family)) warnings.push(`fc-match offered ${found.family} (${found.file}), which may lack Chinese glyphs: set FONT_FILE to a CJK font`);
    }
  }
  const [testWidth, testHeight] = e.GATEWAY_TEST_SIZE.split("x").map(Number);
  return {
    apiUrl: e.API_URL,
    deviceToken,
    fontFile,
    ffmpeg: e.FFMPEG,
    fps: e.GATEWAY_FPS,
    maxBitrate: e.GATEWAY_MAX_BITRATE,
    testWidth,
    testHeight,
    offlineAfterMs: e.GATEWAY_OFFLINE_AFTER_S * 1000,
    stallMs: e.GATEWAY_STALL_S * 1000,
    sampling: e.GATEWAY_SAMPLE_UNWATCHED === "on" ? { liveLingerMs: e.GATEWAY_LIVE_LINGER_S * 1000 } : null,
    detect: e.GATEWAY_DETECT === "off" ? null : { modelDir: e.MODEL_DIR ?? DEFAULT_MODEL_DIR, threads: e.DETECT_THREADS, motionGate: e.GATEWAY_MOTION_GATE === "on" },
    // beside the device token file: the queue belongs to this gateway's identity (and a test's temp folder)
    alertDir: e.GATEWAY_ALERT_DIR ?? (e.GATEWAY_TOKEN_FILE && !e.GATEWAY_TOKEN ? join(dirname(e.GATEWAY_TOKEN_FILE), "gateway-alerts") : "./data/gateway-alerts"),
    sensors: e.MQTT_URL
      ? { mqttUrl: e.MQTT_URL, dir: e.GATEWAY_SENSOR_DIR ?? (e.GATEWAY_TOKEN_FILE && !e.GATEWAY_TOKEN ? join(dirname(e.GATEWAY_TOKEN_FILE), "gateway-sensors") : "./data/gateway-sensors"), flushMs: e.SENSOR_FLUSH_MS }
      : null,
    gb28181:
      e.GB28181_SIP_PORT === undefined
        ? null
        : {
            sipPort: e.GB28181_SIP_PORT,
            advertisedHost: e.GB28181_HOST ?? lanAddress(),
            bindHost: e.GB28181_BIND,
            platformId: e.GB28181_PLATFORM_ID,
            realm: e.GB28181_REALM ?? e.GB28181_PLATFORM_ID.slice(0, 10),
            keepaliveMs: e.GB28181_KEEPALIVE_S * 1000,
            missedKeepalives: e.GB28181_MISSED_KEEPALIVES,
          },
    warnings,
  };
}
