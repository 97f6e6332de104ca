import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The school's MQTT broker for the demo and the tests: Debian's `mosquitto` as a child process on loopback, with a
 * generated configuration (anonymous, no persistence: sensors publish QoS 0/1 readings that the gateway batches to
 * disk itself). A real school runs its own broker and gives the gateway MQTT_URL.
 */
export interface Broker {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startMosquitto(port: number, opts: { bin?: string; timeoutMs?: number } = {}): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), "mcll-mqtt-"));
  const conf = join(dir, "mosquitto.conf");
  writeFileSync(conf, [`listener ${port} 127.0.0.1`, "allow_anonymous true", "persistence false", "log_dest stderr", "log_type error", "log_type warning", "log_type information", ""].join("\n"));
  const child = spawn(opts.bin ?? "mosquitto", ["-c", conf], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mosquitto not running after ${opts.timeoutMs ?? 10_000} ms:\n${output}`)), opts.timeoutMs ?? 10_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      if (/mosquitto version \S+ running/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(new Error(`mosquitto cannot start (${err.message}); it installs from Debian (edge/ensure-deps.sh --system)`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`mosquitto exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners("exit");
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", done);
        child.kill("SIGTERM");
      }),
  };
}
