/**
 * A GB/T 28181 device played by sipp (tests/fixtures/gb28181/device.xml) with ffmpeg sending its PS stream
 * over RTP (ps-rtp-sender.mjs), for the integration test and the benchmark. sipp missing: the caller fails
 * under CI=true (`sippAvailable`).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const DEVICE_XML = fileURLToPath(new URL("../fixtures/gb28181/device.xml", import.meta.url));
export const DEVICE_REQUESTS_XML = fileURLToPath(new URL("../fixtures/gb28181/device-requests.xml", import.meta.url));
export const SENDER = fileURLToPath(new URL("../fixtures/gb28181/ps-rtp-sender.mjs", import.meta.url));

export function sippAvailable(): boolean {
  try {
    execFileSync("sipp", ["-v"], { stdio: "ignore" });
    return true;
  } catch (err) {
    // sipp -v exits 99 after printing its version
    return (err as { status?: number }).status === 99;
  }
}

export interface SippDevice {
  child: ChildProcess;
  /** resolves with sipp's exit code */
  exited: Promise<number | null>;
  output(): string;
  stop(): Promise<void>;
}

export function startSippDevice(o: { sipPort: number; transport: "udp" | "tcp"; deviceId: string; channelId: string; password: string; realm: string; platformId: string; streamSeconds?: number }): SippDevice {
  // sipp cannot write to /dev/stderr when that is a pipe: its logs go to a temporary folder
  const dir = mkdtempSync(join(tmpdir(), "sipp-"));
  const args = [
    `127.0.0.1:${o.sipPort}`,
    "-sf", DEVICE_XML,
    "-oocsf", DEVICE_REQUESTS_XML,
    "-m", "1",
    "-t", o.transport === "udp" ? "u1" : "t1",
    "-i", "127.0.0.1",
    "-p", "0",
    "-au", o.deviceId,
    "-ap", o.password,
    "-key", "device", o.deviceId,
    "-key", "channel", o.channelId,
    "-key", "realm", o.realm,
    "-key", "platform", o.platformId,
    "-key", "sender", SENDER,
    "-key", "seconds", String(o.streamSeconds ?? 60),
    "-nostdin",
    "-trace_err",
    "-error_file", join(dir, "errors.log"),
    "-recv_timeout", "600000",
    // SIPP_TRACE=1: every message sipp sends and receives, in the printed output
    ...(process.env.SIPP_TRACE ? ["-trace_msg", "-message_file", join(dir, "messages.log")] : []),
  ];
  const child = spawn("sipp", args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
  child.stderr!.on("data", (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => {
      const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), "utf8").slice(-20_000) : "");
      return `${out}\n${read("errors.log")}\n${read("messages.log")}`;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
